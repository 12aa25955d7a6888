"""What an erasure did: the answer to the person's request, and its audit row.

Who counts as the same person: a person's records are linked when they share an NHS number,
or the same given name, family name (ignoring case and surrounding spaces), date of birth
and postcode (ignoring case and spaces), in any area; links are followed from each record
found. The same rule (within one area) flags possible duplicates at intake.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Requester:
    subject: str
    role: str


@dataclass(frozen=True)
class ErasureReport:
    person_id: uuid.UUID
    requested_at: datetime
    audit_id: uuid.UUID
    referrals_erased: list[uuid.UUID] = field(default_factory=list)
    referrals_closed: list[uuid.UUID] = field(default_factory=list)
    persons_tombstoned: list[uuid.UUID] = field(default_factory=list)
    outbox_rows_blanked: int = 0

    def audit(self, requester: Requester) -> ErasureAudit:
        """Counts only: the audit row never holds the person's data."""
        return ErasureAudit(
            id=self.audit_id,
            person_id=self.person_id,
            requested_by=requester.subject,
            requested_role=requester.role,
            requested_at=self.requested_at,
            referrals_erased=len(self.referrals_erased),
            referrals_closed=len(self.referrals_closed),
            persons_tombstoned=len(self.persons_tombstoned),
            outbox_rows_blanked=self.outbox_rows_blanked,
        )


@dataclass(frozen=True)
class ErasureAudit:
    id: uuid.UUID
    person_id: uuid.UUID
    requested_by: str
    requested_role: str
    requested_at: datetime
    referrals_erased: int
    referrals_closed: int
    persons_tombstoned: int
    outbox_rows_blanked: int
