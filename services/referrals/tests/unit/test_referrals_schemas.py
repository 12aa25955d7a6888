"""ReferralCreate: what a caller may send, normalised and checked before any use case runs."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from referrals.domain.model import Channel, Source
from referrals.entrypoints.referrals_schemas import ReferralCreate

GP_BODY: dict[str, Any] = {
    "source": "gp",
    "area": "leeds",
    "referrer": {"ods_code": "b82005", "name": " Hyde Park Surgery ", "email": "hp@nhs.net"},
    "person": {
        "given_name": "Philippa",
        "family_name": "Ramsbottom",
        "nhs_number": "943 476 5919",
        "date_of_birth": "1961-04-12",
        "postcode": "ls6 2ab",
        "email": "philippa.ramsbottom@example.org",
        "mobile": "07700 900123",
        "preferred_channel": "sms",
    },
    "consent": {"contact": True},
    "notes": "Newly diagnosed",
}


def body(**changes: Any) -> dict[str, Any]:
    """GP_BODY with dotted-path changes; a value of ... removes the key."""
    data = copy.deepcopy(GP_BODY)
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        target = data
        for part in parents:
            target = target[part]
        if value is ...:
            target.pop(leaf)
        else:
            target[leaf] = value
    return data


def errors(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, str]]:
    with pytest.raises(ValidationError) as raised:
        ReferralCreate.model_validate(data)
    return [(e["loc"], e["type"], e["msg"]) for e in raised.value.errors()]


def test_a_valid_gp_referral_is_normalised() -> None:
    created = ReferralCreate.model_validate(GP_BODY)

    assert created.source is Source.GP
    assert created.referrer is not None
    assert (created.referrer.ods_code, created.referrer.name) == ("B82005", "Hyde Park Surgery")
    p = created.person
    assert p.nhs_number == "9434765919"
    assert p.postcode == "LS6 2AB"
    assert p.mobile == "+447700900123"
    assert p.preferred_channel is Channel.SMS
    assert p.date_of_birth == date(1961, 4, 12)
    assert created.consent.contact is True


def test_a_self_referral_needs_no_referrer() -> None:
    created = ReferralCreate.model_validate(body(source="self", referrer=...))

    assert created.referrer is None


def test_a_gp_referral_without_its_referrer_is_refused() -> None:
    problems = errors(body(referrer=...))

    assert [(t, m) for _, t, m in problems] == [
        ("value_error", "Value error, referrer is required for a GP referral")
    ]


def test_preferring_email_needs_an_email() -> None:
    problems = errors(body(person__preferred_channel="email", person__email=...))

    assert [(loc, m) for loc, _, m in problems] == [
        (("person", "email"), "Value error, email is required when preferred_channel is email")
    ]


def test_preferring_sms_needs_a_mobile() -> None:
    problems = errors(body(person__mobile=...))

    assert [(loc, m) for loc, _, m in problems] == [
        (("person", "mobile"), "Value error, mobile is required when preferred_channel is sms")
    ]


def test_email_is_the_default_channel() -> None:
    created = ReferralCreate.model_validate(body(person__preferred_channel=..., person__mobile=...))

    assert created.person.preferred_channel is Channel.EMAIL


@pytest.mark.parametrize("days_ahead", [0, 1, 365])
def test_a_date_of_birth_today_or_later_is_refused(days_ahead: int) -> None:
    future = (date.today() + timedelta(days=days_ahead)).isoformat()

    problems = errors(body(person__date_of_birth=future))

    assert [m for _, _, m in problems] == ["Value error, date_of_birth must be in the past"]


def test_a_date_of_birth_over_120_years_ago_is_refused() -> None:
    problems = errors(body(person__date_of_birth=f"{date.today().year - 121}-01-01"))

    assert [m for _, _, m in problems] == ["Value error, date_of_birth is more than 120 years ago"]


@pytest.mark.parametrize(
    ("path", "loc"),
    [
        ("colour", ("colour",)),
        ("person__address", ("person", "address")),
        ("referrer__phone", ("referrer", "phone")),
        ("consent__marketing", ("consent", "marketing")),
    ],
)
def test_unknown_fields_are_refused_wherever_they_are(path: str, loc: tuple[str, ...]) -> None:
    problems = errors(body(**{path: "x"}))

    assert [(where, t) for where, t, _ in problems] == [(loc, "extra_forbidden")]


@pytest.mark.parametrize(
    ("path", "value", "loc"),
    [
        ("person__nhs_number", "943 476 5918", ("person", "nhs_number")),
        ("person__mobile", "0113 496 0000", ("person", "mobile")),
        ("person__email", "philippa.example.org", ("person", "email")),
        ("person__postcode", "LS6", ("person", "postcode")),
        ("referrer__ods_code", "B8-2005", ("referrer", "ods_code")),
        ("person__given_name", "   ", ("person", "given_name")),
        ("source", "carrier-pigeon", ("source",)),
        ("area", "", ("area",)),
    ],
)
def test_each_invalid_field_is_named(path: str, value: str, loc: tuple[str, ...]) -> None:
    problems = errors(body(**{path: value}))

    assert [where for where, _, _ in problems] == [loc]


def test_consent_must_be_given_explicitly() -> None:
    problems = errors(body(consent__contact=...))

    assert [(where, t) for where, t, _ in problems] == [(("consent", "contact"), "missing")]
