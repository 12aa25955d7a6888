"""Facilitators as groups knows them: built from the volunteers service's events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date


@dataclass
class Facilitator:
    volunteer_id: uuid.UUID
    area: str
    valid_until: date | None = None
    training_expired: bool = False
    dbs_expired: bool = False
    paused: bool = False
    left: bool = False

    def trained(self, area: str, valid_until: date) -> None:
        """A core course or refresher completed: training is good until `valid_until`."""
        self.area = area
        self.valid_until = valid_until
        self.training_expired = False

    def expired(self, check: str) -> None:
        if check == "dbs":
            self.dbs_expired = True
        else:
            self.training_expired = True

    def screened(self) -> None:
        """A DBS check completed again."""
        self.dbs_expired = False

    def why_not_eligible(self, on: date) -> str | None:
        """None when the volunteer may lead a group on that day; else the reason."""
        if self.left:
            return "the volunteer has left"
        if self.paused:
            return "the volunteer is paused"
        if self.valid_until is None:
            return "the volunteer has not completed facilitator training"
        if self.training_expired or self.valid_until < on:
            return f"facilitator training expired ({self.valid_until.isoformat()})"
        if self.dbs_expired:
            return "the volunteer's DBS check has expired"
        return None

    def eligible(self, on: date) -> bool:
        return self.why_not_eligible(on) is None
