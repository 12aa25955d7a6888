"""The public self-referral form's body: a person referring themselves, with consent."""

from __future__ import annotations

from pydantic import ConfigDict, Field, JsonValue, field_validator

from referrals.domain.codes import FormatPreference
from referrals.entrypoints.people_schemas import PersonIn
from t2t_shared.http.models import Closed


class SelfConsentIn(Closed):
    contact: bool = Field(description="Must be true: we only take self-referrals with consent")

    @field_validator("contact")
    @classmethod
    def _consented(cls, value: bool) -> bool:
        if not value:
            raise ValueError("consent to contact is required to refer yourself")
        return value


EXAMPLE_SELF_REFERRAL: dict[str, JsonValue] = {
    "area": "leeds",
    "person": {
        "given_name": "Sam",
        "family_name": "Taylor",
        "date_of_birth": "1961-04-12",
        "postcode": "LS6 2AB",
        "preferred_channel": "email",
        "email": "sam@example.org",
    },
    "consent": {"contact": True},
    "format_preference": "online",
}


class SelfReferralCreate(Closed):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [EXAMPLE_SELF_REFERRAL]},
    )

    area: str = Field(min_length=1, max_length=60, examples=["leeds"])
    person: PersonIn
    consent: SelfConsentIn
    notes: str | None = Field(None, max_length=2000, examples=["I was diagnosed last month"])
    format_preference: FormatPreference | None = Field(None, examples=["online"])
