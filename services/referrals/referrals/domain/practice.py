"""A GP practice of the register: who refers, and where its receipts go."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from referrals.domain.events import PracticeEvent, PracticeRegistered, ReceiptContactChanged
from referrals.domain.register import PracticeRecord, PracticeStatus


@dataclass
class Referrer:
    """A GP practice of the register, by its ODS code; `email` is where receipts go."""

    id: uuid.UUID
    ods_code: str
    name: str
    area: str | None
    email: str | None = None
    status: PracticeStatus = PracticeStatus.ACTIVE
    postcode: str | None = None
    # None: known only from referrals made before the register was imported.
    registered_at: datetime | None = None
    events: list[PracticeEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def postcode_district(self) -> str:
        return self.postcode.replace(" ", "")[:-3] if self.postcode else ""

    @classmethod
    def from_register(
        cls, record: PracticeRecord, area: str | None, known: Referrer | None, now: datetime
    ) -> Referrer:
        """The practice as an import has it, keeping what the file does not say (id, email).

        Registered (again) when new or its name, status or area changed; its contact record
        goes out when notifications has never heard of it or it was renamed. Notifications
        holds a referral's messages until it knows each recipient, so every registered
        practice has one, with or without a receipt email.
        """
        practice = cls(
            id=known.id if known else uuid.uuid4(),
            ods_code=record.ods_code,
            name=record.name,
            area=area,
            email=known.email if known else None,
            status=record.status,
            postcode=record.postcode,
            registered_at=known.registered_at if known else None,
        )
        new = known is None or known.registered_at is None
        before = None if known is None else (known.name, known.status, known.area)
        if new or before != (practice.name, practice.status, practice.area):
            practice.registered_at = now
            practice.events.append(PracticeRegistered(practice.ods_code))
            if known is None or known.registered_at is None or known.name != practice.name:
                practice.events.append(ReceiptContactChanged(practice.ods_code))
        return practice

    def set_receipt_email(self, email: str | None) -> bool:
        """Where receipts go (None: nowhere); False when it was already so."""
        if email == self.email:
            return False
        self.email = email
        self.events.append(ReceiptContactChanged(self.ods_code))
        return True
