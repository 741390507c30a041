"""Named-query JSON carries, beside each IRI value, the path of that resource's page on this server."""

from __future__ import annotations

BASE = "https://w3id.org/policykg/"


def test_every_local_iri_value_has_its_href(ld_client):
    body = ld_client.get("/api/queries/plan-outline").get_json()
    assert body["rows"] and len(body["hrefs"]) == len(body["rows"])
    linked = 0
    for row, hrefs in zip(body["rows"], body["hrefs"], strict=True):
        for name, value in row.items():
            if isinstance(value, str) and value.startswith(BASE + "id/"):
                assert hrefs[name] == "/" + value.removeprefix(BASE)
                linked += 1
        assert set(hrefs) <= set(row)
    assert linked


def test_an_href_opens_the_page(ld_client):
    body = ld_client.get("/api/queries/plan-outline").get_json()
    href = next(path for hrefs in body["hrefs"] for path in hrefs.values())
    response = ld_client.get(href, headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert ld_client.get(response.headers["Location"]).status_code == 200


def test_literal_values_get_no_href(ld_client):
    body = ld_client.get("/api/queries/targets-due-by?year=2026&lang=en").get_json()
    assert len(body["hrefs"]) == len(body["rows"])
    for hrefs in body["hrefs"]:
        assert "metric" not in hrefs and "value" not in hrefs
