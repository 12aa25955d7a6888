"""What the worklist and the referrer report ask of the stored referrals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from referrals.domain.codes import Source, Status
from referrals.domain.model import Referral, Referrer


@dataclass(frozen=True)
class WorklistQuery:
    areas: tuple[str, ...] | None  # None: every area
    status: Status | None = None
    source: Source | None = None
    ods_code: str | None = None
    received_from: datetime | None = None
    received_before: datetime | None = None
    # Overdue: no contact yet, still open, and received before this instant.
    overdue_before: datetime | None = None
    overdue: bool | None = None
    longest_waiting_first: bool = True
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class WorklistPage:
    referrals: list[Referral]
    total: int


@dataclass(frozen=True)
class ReferrerCount:
    referrer: Referrer
    referrals: int
