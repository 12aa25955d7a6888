"""The referral, the person and the referrer: plain domain objects, no I/O."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from referrals.domain.model import (
    REFERENCE_ALPHABET,
    MissingReferrer,
    Person,
    Referral,
    ReferralError,
    Referrer,
    Source,
    Status,
    new_reference_code,
)

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
REFERENCE = re.compile(r"^T2T-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$")


def person(**overrides: Any) -> Person:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "given_name": "Philippa",
        "family_name": "Ramsbottom",
        "date_of_birth": date(1961, 4, 12),
        "postcode": "LS6 2AB",
    }
    values.update(overrides)
    return Person(**values)


def practice() -> Referrer:
    return Referrer(id=uuid.uuid4(), ods_code="B82005", name="Hyde Park Surgery", area="leeds")


def receive(source: Source, referrer: Referrer | None) -> Referral:
    return Referral.receive(
        source=source,
        area="leeds",
        person=person(),
        consent_to_contact=True,
        received_at=NOW,
        referrer=referrer,
    )


def test_a_gp_referral_needs_its_practice() -> None:
    with pytest.raises(MissingReferrer, match="referring practice"):
        receive(Source.GP, None)


def test_missing_referrer_is_a_referral_error() -> None:
    assert issubclass(MissingReferrer, ReferralError)


def test_a_gp_referral_with_its_practice_is_received() -> None:
    gp = practice()

    referral = receive(Source.GP, gp)

    assert referral.referrer is gp
    assert referral.status is Status.RECEIVED
    assert referral.version == 1
    assert referral.received_at == NOW
    assert REFERENCE.match(referral.reference_code), referral.reference_code


@pytest.mark.parametrize("source", [Source.SELF, Source.COMMUNITY, Source.HEALTH_PROFESSIONAL])
def test_other_sources_need_no_referrer(source: Source) -> None:
    referral = receive(source, None)

    assert referral.referrer is None
    assert referral.source is source


def test_each_referral_gets_its_own_id_and_code() -> None:
    a, b = receive(Source.SELF, None), receive(Source.SELF, None)

    assert a.id != b.id
    assert a.reference_code != b.reference_code


def test_reference_codes_use_only_the_unambiguous_alphabet() -> None:
    codes = {new_reference_code() for _ in range(500)}

    assert all(REFERENCE.match(code) for code in codes), codes
    assert len(codes) >= 495  # 32**6 codes: a repeat in 500 draws is vanishingly rare
    used = set("".join(code[4:] for code in codes))
    assert used.isdisjoint("01IO")
    assert len(used) > 25  # not stuck on a few characters


def test_the_alphabet_leaves_out_characters_misread_on_the_phone() -> None:
    assert len(REFERENCE_ALPHABET) == len(set(REFERENCE_ALPHABET)) == 32
    assert set(REFERENCE_ALPHABET).isdisjoint("01IO")


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (date(1986, 3, 10), date(2026, 3, 9), "under-40"),
        (date(1986, 3, 10), date(2026, 3, 10), "40-49"),
        (date(1976, 3, 11), date(2026, 3, 10), "40-49"),
        (date(1976, 3, 10), date(2026, 3, 10), "50-59"),
        (date(1966, 3, 11), date(2026, 3, 10), "50-59"),
        (date(1966, 3, 10), date(2026, 3, 10), "60-69"),
        (date(1956, 3, 11), date(2026, 3, 10), "60-69"),
        (date(1956, 3, 10), date(2026, 3, 10), "70-plus"),
        (date(1931, 1, 1), date(2026, 3, 10), "70-plus"),
        (date(2005, 6, 1), date(2026, 3, 10), "under-40"),
        (date(1964, 2, 29), date(2024, 2, 28), "50-59"),
        (date(1964, 2, 29), date(2024, 2, 29), "60-69"),
    ],
)
def test_age_band_on_a_given_day(born: date, on: date, band: str) -> None:
    assert person(date_of_birth=born).age_band(on) == band


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("LS6 2AB", "LS6"), ("EC1A 1BB", "EC1A"), ("M1 1AE", "M1"), ("BD10 0AA", "BD10")],
)
def test_postcode_district_is_the_outward_code(postcode: str, district: str) -> None:
    assert person(postcode=postcode).postcode_district == district


def test_postcode_district_never_returns_a_whole_unspaced_postcode() -> None:
    assert person(postcode="LS62AB").postcode_district == "LS6"
