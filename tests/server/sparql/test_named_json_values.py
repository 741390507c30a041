"""Named-query JSON gives typed literals as JSON values, and an ill-typed one as printed (never a 500)."""

from __future__ import annotations

import pytest

from policykg.server.sparql.named import _plain

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("value", "datatype", "expected"),
    [
        ("true", "boolean", True),
        ("0", "boolean", False),
        ("2025", "integer", 2025),
        ("12.50", "decimal", 12.5),
        ("twenty", "integer", "twenty"),
        ("maybe", "boolean", "maybe"),
    ],
)
def test_typed_literals_become_json_values(value: str, datatype: str, expected) -> None:
    plain = _plain({"type": "literal", "value": value, "datatype": XSD + datatype})
    assert plain == expected
    assert type(plain) is type(expected)
