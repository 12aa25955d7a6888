"""Pieces every rule plans with: a planned message, recipients' ids, area names, refusals."""

from __future__ import annotations

import uuid
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


def check_place(format: str, venue_name: str | None, joining_link: str | None) -> None:
    """An in-person group needs a venue and an online one a link, or the message says nowhere."""
    if format == "online" and not joining_link:
        raise MissingData("an online group's message needs its joining_link")
    if format != "online" and not venue_name:
        raise MissingData("an in-person group's message needs its venue_name")


def message(
    to: uuid.UUID,
    kind: RecipientKind,
    template: str,
    *,
    category: Category = Category.SERVICE,
    needs_contact: bool = True,
    **data: Any,
) -> Planned:
    """One message to `to`, with `data` as the template's context (names are added later)."""
    return Planned(
        recipient_id=to,
        recipient_kind=kind.value,
        template=template,
        data=data,
        category=category,
        needs_contact=needs_contact,
    )
