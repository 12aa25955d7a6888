"""The HTTP shapes of a referral: what callers send and what they get back."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationInfo,
    field_validator,
)

from referrals.domain import validation
from referrals.domain.codes import FormatPreference
from referrals.domain.model import Channel, Source
from referrals.entrypoints.views import PersonPublic, ReferralPublic, ReferrerPublic
from t2t_shared.http.types import StrictDate

__all__ = ["PersonPublic", "ReferralPublic", "ReferrerPublic"]

NhsNumber = Annotated[str, AfterValidator(validation.normalise_nhs_number)]
UkMobile = Annotated[str, AfterValidator(validation.normalise_uk_mobile)]
Email = Annotated[str, AfterValidator(validation.normalise_email)]
Postcode = Annotated[str, AfterValidator(validation.normalise_postcode)]
OdsCode = Annotated[str, AfterValidator(validation.normalise_ods_code)]
Name = Annotated[str, Field(min_length=1, max_length=100)]


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PersonIn(Closed):
    given_name: Name = Field(examples=["Sam"])
    family_name: Name = Field(examples=["Taylor"])
    nhs_number: NhsNumber | None = Field(
        None, description="Checked with modulus 11", examples=["9434765919"]
    )
    date_of_birth: StrictDate = Field(examples=["1961-04-12"])
    postcode: Postcode = Field(examples=["LS6 2AB"])
    # Declared before the addresses, so their checks can see which one is needed.
    preferred_channel: Channel = Field(Channel.EMAIL, examples=["sms"])
    email: Email | None = Field(None, validate_default=True, examples=["sam.taylor@example.org"])
    mobile: UkMobile | None = Field(
        None, validate_default=True, description="UK mobile", examples=["07700 900123"]
    )

    @field_validator("date_of_birth")
    @classmethod
    def _plausible_birth(cls, value: date) -> date:
        today = date.today()
        if value >= today:
            raise ValueError("date_of_birth must be in the past")
        if today.year - value.year > 120:
            raise ValueError("date_of_birth is more than 120 years ago")
        return value

    @field_validator("email")
    @classmethod
    def _email_when_preferred(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("preferred_channel") is Channel.EMAIL:
            raise ValueError("email is required when preferred_channel is email")
        return value

    @field_validator("mobile")
    @classmethod
    def _mobile_when_preferred(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("preferred_channel") is Channel.SMS:
            raise ValueError("mobile is required when preferred_channel is sms")
        return value


class ReferrerIn(Closed):
    ods_code: OdsCode = Field(
        description="ODS code of the practice; it must be in the practice register and not closed",
        examples=["B82005"],
    )
    # Kept so that older clients' bodies stay valid; the register's values are used instead.
    name: Name | None = Field(
        None,
        description="Ignored: the practice's name comes from the register",
        examples=["Hyde Park Surgery"],
    )
    email: Email | None = Field(
        None,
        description="Ignored: receipts go to the practice's receipt email in the register "
        "(set by an admin)",
        examples=["hyde.park@nhs.net"],
    )


class ConsentIn(Closed):
    contact: bool = Field(description="The person agreed to be contacted about peer support")


EXAMPLE_REFERRAL: dict[str, JsonValue] = {
    "source": "gp",
    "area": "leeds",
    "referrer": {"ods_code": "B82005"},
    "person": {
        "given_name": "Sam",
        "family_name": "Taylor",
        "nhs_number": "943 476 5919",
        "date_of_birth": "1961-04-12",
        "postcode": "LS6 2AB",
        "preferred_channel": "sms",
        "email": "sam@example.org",
        "mobile": "07700 900123",
    },
    "consent": {"contact": True},
    "notes": "Newly diagnosed, keen on a group",
}


class ReferralCreate(Closed):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [EXAMPLE_REFERRAL]},
    )

    source: Source = Field(examples=["gp"])
    area: str = Field(min_length=1, max_length=60, examples=["leeds"])
    referrer: ReferrerIn | None = Field(
        None, validate_default=True, description="Required for GP referrals"
    )
    person: PersonIn
    consent: ConsentIn
    notes: str | None = Field(None, max_length=2000, examples=["Newly diagnosed, keen on a group"])
    format_preference: FormatPreference | None = Field(
        None, description="In-person or online group, if the person said", examples=["in_person"]
    )

    @field_validator("referrer")
    @classmethod
    def _gp_has_referrer(cls, value: ReferrerIn | None, info: ValidationInfo) -> ReferrerIn | None:
        if value is None and info.data.get("source") is Source.GP:
            raise ValueError("referrer is required for a GP referral")
        return value


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
