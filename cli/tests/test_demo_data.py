"""The demo's made-up people pass the services' checks, and its tally counts as the console."""

from __future__ import annotations

import random
from datetime import date

import pytest

from referrals.domain.validation import normalise_nhs_number
from t2t_cli.demo.people import nhs_number, person, postcodes
from t2t_cli.demo.plan import SCALES
from t2t_cli.demo.tally import Tally
from t2t_shared.kernel.contact import normalise_postcode, normalise_uk_mobile
from t2t_shared.settings import PlatformSettings

OUTWARD = {
    "leeds": "LS",
    "bradford": "BD",
    "wakefield": "WF",
    "kirklees": "HD",
    "calderdale": "HX",
    "york": "YO",
}


def test_nhs_numbers_are_valid_and_in_the_synthetic_range() -> None:
    rng = random.Random(1)
    for _ in range(500):
        number = nhs_number(rng)
        assert normalise_nhs_number(number) == number
        assert number.startswith("999")


@pytest.mark.parametrize("area", PlatformSettings().areas)
def test_every_area_has_real_postcodes_of_its_own(area: str) -> None:
    codes = postcodes()[area]
    assert len(codes) >= 50
    for code in codes:
        assert normalise_postcode(code) == code
        assert code.startswith(OUTWARD[area])


def test_a_person_passes_the_referral_form_checks() -> None:
    someone = person(random.Random(3), "leeds", 7, today=date(2026, 11, 26))
    assert normalise_uk_mobile(someone.mobile).startswith("+447700900")
    assert someone.email.endswith("@example.org")
    assert 30 <= (date(2026, 11, 26) - someone.date_of_birth).days // 365 <= 85


def test_the_tally_counts_each_stage_a_referral_reached() -> None:
    tally = Tally()
    tally.reach("a", "leeds", "received")
    tally.reach("a", "leeds", "placed")  # placed before anyone reached them
    tally.reach("b", "york", "received")
    tally.reach("b", "york", "contacted")
    assert tally.funnel()["contacted"] == 1
    assert tally.funnel()["placed"] == 1
    assert tally.funnel("leeds")["received"] == 1
    assert tally.as_dict()["funnel_by_area"] == {
        "leeds": tally.funnel("leeds"),
        "york": tally.funnel("york"),
    }


def test_the_pilot_scale_is_the_pilot() -> None:
    pilot = SCALES["pilot"]
    assert pilot.areas == 6
    assert pilot.referrals == 900
    assert pilot.groups_per_area * pilot.areas >= 50
