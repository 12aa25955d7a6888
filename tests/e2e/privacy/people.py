"""The canary people: every personal field of every kind of referral and of a volunteer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fixtures.canary import (
    Canary,
    CanarySet,
    birth_date_canary,
    digits_canary,
    invalid_nhs_number_canary,
    mobile_canary,
    nhs_number_canary,
    postcode_canary,
    text_canary,
)

PRACTICE = {
    "ods_code": "B82005",
    "name": "Hyde Park Surgery",
    "email": "receipts@hydepark.nhs.example",
}
# Recipients whose address holds this are refused by the test's SMTP relay (a 550).
REFUSED = "refuse"


@dataclass(frozen=True)
class Person:
    """A patient's details as a referral carries them; `who` prefixes the canaries' kinds."""

    who: str
    body: dict[str, Any]


def patient(canaries: CanarySet, who: str, channel: str, *, refused: bool = False) -> Person:
    email = "canary-" + ("refuse-" if refused else "") + "{}@example.org"
    body = {
        "given_name": canaries.add(text_canary(f"{who}.given_name")),
        "family_name": canaries.add(text_canary(f"{who}.family_name")),
        "nhs_number": canaries.add(nhs_number_canary(f"{who}.nhs_number")),
        "date_of_birth": canaries.add(birth_date_canary(f"{who}.date_of_birth")),
        "postcode": canaries.add(postcode_canary(f"{who}.postcode", "LS6")),
        "email": canaries.add(text_canary(f"{who}.email", email)),
        "mobile": canaries.add(mobile_canary(f"{who}.mobile")),
        "preferred_channel": channel,
    }
    return Person(who, body)


def note(canaries: CanarySet, kind: str) -> str:
    return canaries.add(text_canary(kind, "CANARY note {}: rang, daughter answered"))


def referral(
    canaries: CanarySet, person: Person, source: str, area: str = "leeds", **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "source": source,
        "area": area,
        "person": person.body,
        "consent": {"contact": True},
        "notes": note(canaries, f"{person.who}.notes.{source}.{area}"),
        **extra,
    }
    if source in {"gp", "health_professional"}:
        body["referrer"] = PRACTICE
    return body


def self_referral(canaries: CanarySet, person: Person) -> dict[str, Any]:
    body = referral(canaries, person, "self")
    del body["source"]
    return body


def application(canaries: CanarySet, who: str) -> dict[str, Any]:
    return {
        "given_name": canaries.add(text_canary(f"{who}.given_name")),
        "family_name": canaries.add(text_canary(f"{who}.family_name")),
        "email": canaries.add(text_canary(f"{who}.email", "canary-{}@example.org")),
        "mobile": canaries.add(mobile_canary(f"{who}.mobile")),
        "preferred_channel": "sms",
        "area": "leeds",
        "lived_experience": True,
        "availability": [{"day": "tuesday", "part_of_day": "evening"}],
        "motivation": canaries.add(text_canary(f"{who}.motivation", "CANARY {} helped me")),
        "consent_to_contact": True,
    }


def dbs_certificate(canaries: CanarySet, who: str) -> str:
    return canaries.add(digits_canary(f"{who}.dbs_certificate_number", 12))


def supervisor(canaries: CanarySet, who: str) -> dict[str, str]:
    return {
        "name": canaries.add(text_canary(f"{who}.supervisor_name", "Dr CANARY-{}")),
        "role": "Diabetes specialist nurse",
        "organisation": "Leeds Teaching Hospitals NHS Trust",
    }


def bad_inputs(canaries: CanarySet) -> dict[str, tuple[str, str, Any]]:
    """Requests that must be refused (422) without quoting what was sent: name -> (service,
    path, body). A body given as `str` is sent as it is (broken JSON)."""
    bad_nhs = canaries.add(invalid_nhs_number_canary("bad_input.nhs_number"))
    bad_email = canaries.add(text_canary("bad_input.email", "canary-{}@@example.org"))
    name = canaries.add(text_canary("bad_input.given_name"))
    bad_postcode = canaries.add(text_canary("bad_input.postcode", "ZZ{}"))
    landline = digits_canary("bad_input.mobile", 7)  # a London landline: not a mobile
    bad_mobile = canaries.add(
        Canary(landline.kind, f"0207{landline.value}", (f"207{landline.value}",))
    )
    truncated = canaries.add(text_canary("bad_input.broken_json_name"))
    person = {
        "given_name": name,
        "family_name": name,
        "nhs_number": bad_nhs,
        "date_of_birth": "1950-01-01",
        "postcode": bad_postcode,
        "email": bad_email,
        "preferred_channel": "email",
    }
    gp = {"source": "gp", "area": "leeds", "referrer": PRACTICE, "person": person}
    gp["consent"] = {"contact": True}
    own = {"area": "leeds", "person": person, "consent": {"contact": True}}
    bad_application = {
        "given_name": name,
        "family_name": name,
        "email": bad_email,
        "mobile": bad_mobile,
        "preferred_channel": "sms",
        "area": "leeds",
        "lived_experience": True,
        "availability": [{"day": "monday", "part_of_day": "morning"}],
        "motivation": name,
        "consent_to_contact": True,
    }
    # Valid but for a NUL, which PostgreSQL refuses in text: it must not become a 500 whose
    # log quotes the statement's parameters.
    nul = patient(canaries, "nul_input", "email")
    nul.body["given_name"] += "\x00"
    nul_referral = {"area": "leeds", "person": nul.body, "consent": {"contact": True}}
    nul_application = application(canaries, "nul_application")
    nul_application["motivation"] += "\x00"
    return {
        "nul in a name": ("referrals", "/self-referrals", nul_referral),
        "nul in a motivation": ("volunteers", "/applications", nul_application),
        "gp referral": ("referrals", "/referrals", gp),
        "self-referral": ("referrals", "/self-referrals", own),
        "application": ("volunteers", "/applications", bad_application),
        "broken json": ("referrals", "/self-referrals", '{"person": {"given_name": "' + truncated),
    }
