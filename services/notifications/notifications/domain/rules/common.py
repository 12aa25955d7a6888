"""Pieces every rule uses: recipients' ids, area names, what a rule may refuse."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from notifications.domain.model import Category, Planned, RecipientKind

COORDINATORS_NAMESPACE = uuid.UUID("6f0d3c52-8a51-4c1e-9a0e-2f7c7a0c5d10")


class MissingData(Exception):
    """The event lacks something its message needs: it can never be sent as it is."""


def coordinators_id(area: str) -> uuid.UUID:
    """The area coordinators' shared mailbox, as a recipient with a stable id."""
    return uuid.uuid5(COORDINATORS_NAMESPACE, area)


def area_name(area: str) -> str:
    return area.replace("-", " ").title()


def iso(value: datetime | date | None) -> str:
    """Template data is stored as JSON: times as ISO 8601, absent ones as ''."""
    return value.isoformat() if value is not None else ""


@dataclass(frozen=True)
class GroupFacts:
    """What notifications remembers of a group (groups' public events)."""

    group_id: uuid.UUID
    area: str
    name: str
    format: str
    schedule_text: str
    venue_name: str | None = None
    venue_address: str | None = None
    joining_link: str | None = None

    def place(self) -> dict[str, str]:
        return {
            "format": self.format,
            "venue_name": self.venue_name or "",
            "venue_address": self.venue_address or "",
            "joining_link": self.joining_link or "",
        }


@dataclass(frozen=True)
class SessionFacts:
    session_id: uuid.UUID
    group_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    venue_name: str | None = None
    joining_link: str | None = None
    cancelled: bool = False


def message(
    to: uuid.UUID,
    kind: RecipientKind,
    template: str,
    *,
    category: Category = Category.SERVICE,
    needs_contact: bool = True,
    **data: Any,
) -> Planned:
    return Planned(
        recipient_id=to,
        recipient_kind=kind.value,
        template=template,
        data=data,
        category=category,
        needs_contact=needs_contact,
    )
