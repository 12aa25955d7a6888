"""Postcode → local authority → area, over the ONS postcode directory the package ships."""

from __future__ import annotations

from pathlib import Path

import pytest

from referrals.adapters.postcode_areas import OnsPostcodeAreas
from referrals.config import DEFAULT_PRACTICE_AREAS, Settings
from t2t_shared.ons_postcodes import PostcodeDataMissing, package_directory

AREAS = OnsPostcodeAreas(DEFAULT_PRACTICE_AREAS)


@pytest.mark.parametrize(
    ("postcode", "authority", "area"),
    [
        ("LS6 2AB", "E08000035", "leeds"),
        ("ls62ab", "E08000035", "leeds"),
        ("BD1 1HY", "E08000032", "bradford"),
        ("WF1 2DQ", "E08000036", "wakefield"),
        ("HD1 2TA", "E08000034", "kirklees"),
        ("HX1 1UJ", "E08000033", "calderdale"),
        ("YO1 7HH", "E06000014", "york"),
    ],
)
def test_a_postcode_lands_in_its_authoritys_area(postcode: str, authority: str, area: str) -> None:
    assert AREAS.local_authority(postcode) == authority
    assert AREAS.area_of(postcode) == area


def test_a_postcode_outside_every_configured_authority_has_no_area() -> None:
    assert AREAS.local_authority("M1 1AD") is not None  # Manchester: known, not ours
    assert AREAS.area_of("M1 1AD") is None
    assert AREAS.area_of("ZZ9 9ZZ") is None  # not a postcode the directory knows


def test_missing_postcode_data_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "postcodes_L.msgpack.br").write_bytes(
        (package_directory() / "postcodes_L.msgpack.br").read_bytes()
    )
    partial = OnsPostcodeAreas(DEFAULT_PRACTICE_AREAS, directory=tmp_path)
    assert partial.area_of("LS6 2AB") == "leeds"
    assert partial.area_of("QA1 1AA") is None  # no postcode area starts with Q
    with pytest.raises(PostcodeDataMissing, match=r"postcodes_B\.msgpack\.br"):
        partial.area_of("BD1 1HY")


def test_the_mapping_is_the_deployments() -> None:
    only_leeds = OnsPostcodeAreas({"E08000035": "leeds"})
    assert only_leeds.area_of("BD1 1HY") is None
    # The default keeps the configured areas; an explicit mapping must name only those.
    assert set(Settings(areas=("leeds",)).practice_areas.values()) == {"leeds"}
    with pytest.raises(ValueError, match="lacks"):
        Settings(areas=("leeds",), practice_areas={"E08000032": "bradford"})


def test_production_refuses_the_sample_register(tmp_path: Path) -> None:
    # The rule alone: the other production refusals (secrets, TLS) are not this test's.
    local = Settings.model_construct(environment="production", practice_register_seed=None)
    assert local._no_sample_register_in_production() is local
    seeded = Settings.model_construct(
        environment="production", practice_register_seed=tmp_path / "x.csv"
    )
    with pytest.raises(ValueError, match="local stack"):
        seeded._no_sample_register_in_production()
