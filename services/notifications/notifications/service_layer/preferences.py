"""A recipient's preferences, read and set by staff whose areas cover the recipient."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from notifications.domain.preferences import Preferences
from notifications.service_layer.unit_of_work import UnitOfWork

AreaCheck = Callable[[str | None], None]
"""Raises when the caller may not act for a recipient of this area (None: not learnt yet)."""


class UnknownRecipient(Exception):
    """No such recipient in the directory."""


async def preferences_of(
    recipient_id: uuid.UUID, check: AreaCheck, uow: UnitOfWork
) -> tuple[str, Preferences]:
    """The recipient's kind and preferences."""
    async with uow:
        kind = await _kind(recipient_id, check, uow)
        return kind, await uow.preferences.get(recipient_id)


async def set_preferences(
    recipient_id: uuid.UUID, prefs: Preferences, check: AreaCheck, uow: UnitOfWork
) -> str:
    """Replace the recipient's preferences (checked at send time, so reminders follow); kind."""
    async with uow:
        kind = await _kind(recipient_id, check, uow)
        await uow.preferences.save(recipient_id, prefs)
        await uow.commit()
    return kind


async def _kind(recipient_id: uuid.UUID, check: AreaCheck, uow: UnitOfWork) -> str:
    recipient = await uow.recipients.get(recipient_id)
    if recipient is None:
        raise UnknownRecipient(str(recipient_id))
    check(recipient.area)
    return recipient.kind
