"""Government bodies named by their level alone take the place of the document in English."""

from __future__ import annotations

from policykg.graph_builder.english.home import in_home, is_body
from policykg.graph_builder.english.labels import english_label


def test_a_citys_own_bureau_carries_the_city() -> None:
    label = in_home(english_label, "济南市", "City")
    assert label("市公安局", "GovernmentBody") == "Jinan Municipal Public Security Bureau"
    assert label("市委组织部", "GovernmentBody") == "Jinan Municipal Party Committee Organization Department"


def test_a_provinces_own_department_carries_the_province() -> None:
    label = in_home(english_label, "安徽省", "Province")
    assert label("省商务厅", "GovernmentBody") == "Anhui Provincial Department of Commerce"
    # a city's bureau in a province's plan: which city is not known
    assert label("市公安局", "GovernmentBody") == "Municipal Public Security Bureau"


def test_other_names_are_left_as_they_are() -> None:
    label = in_home(english_label, "济南市", "City")
    assert label("市档案馆", "CulturalVenue") == "Municipal Archives"
    assert label("某某区商务局", "GovernmentBody") == english_label("某某区商务局", "GovernmentBody")
    assert in_home(english_label, "某某县", "County") is english_label


def test_is_body() -> None:
    assert is_body("市发展改革委")
    assert not is_body("市档案馆")
