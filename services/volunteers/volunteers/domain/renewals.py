"""Expiry of training and DBS checks: a reminder before, a notice at expiry, each once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Check(StrEnum):
    TRAINING = "training"
    DBS = "dbs"


@dataclass(frozen=True)
class RenewalDue:
    check: Check
    expires_on: date
    days_left: int


@dataclass(frozen=True)
class Expired:
    check: Check
    expired_on: date


Notice = RenewalDue | Expired


@dataclass
class ExpiryWatch:
    """What has been said about one check's expiry date, so each notice goes once per date.

    A renewal moves the expiry date; the records still name the old date, so the new
    date gets its own reminder and expiry in time.
    """

    check: Check
    expires_on: date | None = None
    reminded_for: date | None = None
    expired_for: date | None = None

    def due(self, today: date, notice_days: int) -> Notice | None:
        """The notice owed today, if any; recorded as given."""
        expires = self.expires_on
        if expires is None or self.expired_for == expires:
            return None
        if today >= expires:
            # Past the date: say it has expired; a reminder now would say nothing useful.
            self.expired_for = self.reminded_for = expires
            return Expired(self.check, expires)
        if today >= expires - timedelta(days=notice_days) and self.reminded_for != expires:
            self.reminded_for = expires
            return RenewalDue(self.check, expires, (expires - today).days)
        return None

    @property
    def lapsed(self) -> bool:
        return self.expires_on is not None and self.expired_for == self.expires_on
