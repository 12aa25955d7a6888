"""A notification rule: the event it reads, what it remembers of it, the messages it plans.

`apply` updates the read model once, when the event is first handled; `plan` decides the
messages (who is told, which template, with what context), and runs again if the event had
to wait for a contact record.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from notifications.domain.facts import ReferralFacts
from notifications.domain.model import Planned
from notifications.service_layer.planning import Planning
from notifications.service_layer.unit_of_work import UnitOfWork

Plan = Callable[[Any, UnitOfWork, Planning], Awaitable[list[Planned]]]
Apply = Callable[[Any, UnitOfWork, Planning], Awaitable[None]]


@dataclass(frozen=True)
class Rule:
    ce_type: str
    model: type[Any]
    # The aggregate the event is about: the notifications' `subject_id`.
    subject: Callable[[Any], object]
    plan: Plan
    apply: Apply | None = None
    # Recipients whose contact records the plan needs although it may not write to them.
    waits_for: Callable[[Any], list[Any]] | None = None
    # One copy of a referral's occurrence (ReferralReceived v2 and v1): the referral whose
    # kept facts mean another copy was handled, so this one is skipped.
    copy_of: Callable[[Any], uuid.UUID] | None = None
    # Recipients the plan is known to write to: locked up front, sorted, with the rest of a
    # consumer batch's (any other is locked when met; a deadlock then undoes the batch).
    writes_to: Callable[[Any], list[Any]] | None = None

    @property
    def service(self) -> str:
        return self.ce_type.split(".")[1]


def pure(fn: Callable[[Any], list[Planned]]) -> Plan:
    """A plan from the event alone."""

    async def plan(event: Any, uow: UnitOfWork, planning: Planning) -> list[Planned]:
        return fn(event)

    return plan


def about_referral(fn: Callable[[Any, ReferralFacts | None], list[Planned]]) -> Plan:
    """A plan from the event and what its referral's ReferralReceived said."""

    async def plan(event: Any, uow: UnitOfWork, planning: Planning) -> list[Planned]:
        return fn(event, await uow.read_model.referral(event.referral_id))

    return plan


async def nothing(event: object, uow: UnitOfWork, planning: Planning) -> list[Planned]:
    return []


def by(field: str) -> Callable[[Any], object]:
    return lambda event: getattr(event, field)


BY_REFERRAL, BY_GROUP, BY_VOLUNTEER = by("referral_id"), by("group_id"), by("volunteer_id")


def ce_type(service: str, event: str, major: int = 1) -> str:
    return f"t2t.{service}.{event}.v{major}"
