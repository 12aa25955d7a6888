"""Contact fields of a request: the shared checks, and the address its channel needs."""

from __future__ import annotations

from enum import StrEnum

import pytest
from pydantic import BaseModel, Field, ValidationError

from t2t_shared.http.contact_fields import EmailIfPreferred, MobileIfPreferred, Postcode


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Person(BaseModel):
    postcode: Postcode | None = None
    preferred_channel: Channel = Channel.EMAIL
    email: EmailIfPreferred = Field(None, validate_default=True)
    mobile: MobileIfPreferred = Field(None, validate_default=True)


def _refusal(**fields: object) -> tuple[str, str]:
    with pytest.raises(ValidationError) as refused:
        Person(**fields)  # type: ignore[arg-type]
    (error,) = refused.value.errors()
    return ".".join(str(p) for p in error["loc"]), error["msg"]


def test_the_preferred_channels_address_is_required() -> None:
    assert _refusal() == (
        "email",
        "Value error, email is required when preferred_channel is email",
    )
    assert _refusal(preferred_channel="sms", email="sam@example.org") == (
        "mobile",
        "Value error, mobile is required when preferred_channel is sms",
    )


def test_the_other_address_may_be_left_out_and_given_ones_are_normalised() -> None:
    by_sms = Person(preferred_channel="sms", mobile="07700 900123", postcode="ls62ab")  # type: ignore[arg-type]
    by_email = Person(email="Sam@Example.org")
    assert (by_sms.email, by_sms.mobile, by_sms.postcode) == (None, "+447700900123", "LS6 2AB")
    assert by_email.mobile is None
    assert by_email.email is not None


def test_a_given_address_is_still_checked() -> None:
    field, _ = _refusal(email="not an address")
    assert field == "email"
