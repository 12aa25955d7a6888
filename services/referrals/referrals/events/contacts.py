"""Records on the restricted `t2t.referrals.contacts` topic: who to write to, and how."""

from __future__ import annotations

from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from t2t_shared.events import ContactRecord, record_version


class PersonContact(ContactRecord):
    """The latest contact details of a referred person (compacted by person id)."""

    service: ClassVar[str] = "referrals"
    subject_field: ClassVar[str] = "person_id"

    person_id: UUID = Field(
        description="The person's id, the record key",
        examples=["5a4e0a0b-8f0f-4f7e-9a44-6a2b1c9d0e11"],
    )
    given_name: str = Field(description="For greetings only", examples=["Sam"])
    email: str | None = Field(description="Email address", examples=["sam@example.org"])
    mobile: str | None = Field(description="UK mobile, E.164", examples=["+447700900123"])
    preferred_channel: Literal["email", "sms"] = Field(
        description="Preferred channel", examples=["sms"]
    )
    consent_to_contact: bool = Field(
        description="Whether we may contact the person at all", examples=[True]
    )
    record_version: int = record_version()
    reference_code: str | None = Field(
        None,
        description="The referral's reference, quoted to the person and on the practice's "
        "receipt; restricted since ReferralReceived.v2 left it off the public topic",
        examples=["T2T-4F7K2Q"],
    )


class ReferrerContact(ContactRecord):
    """Where to send a referring organisation its receipts (compacted by referrer id)."""

    service: ClassVar[str] = "referrals"
    subject_field: ClassVar[str] = "referrer_id"

    referrer_id: UUID = Field(
        description="The referrer's id, the record key",
        examples=["c3b8f4de-13f5-4b8f-8f0e-6c1f9f2a7d10"],
    )
    ods_code: str = Field(description="ODS code", examples=["B82005"])
    name: str = Field(description="Practice or organisation name", examples=["Hyde Park Surgery"])
    email: str | None = Field(description="Mailbox for receipts", examples=["practice@nhs.net"])
    record_version: int = record_version()
