"""A notifications container on a real database, without consumers: for service-layer,
dispatcher and API tests that need PostgreSQL but not the broker."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from notifications.adapters import orm
from notifications.bootstrap import Container, bootstrap
from notifications.config import Settings
from notifications.domain.model import (
    Category,
    Channel,
    Notification,
    Recipient,
    RecipientKind,
    Status,
)
from notifications.service_layer.providers import EmailProvider, SmsProvider
from tests.fixtures.services import Infra, unique_prefix


class Clock:
    """A clock tests set and move by hand."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@asynccontextmanager
async def stored_container(
    infra: Infra,
    *,
    email: EmailProvider | None = None,
    sms: SmsProvider | None = None,
    clock: Clock | None = None,
    **settings: Any,
) -> AsyncIterator[Container]:
    url = await infra.migrated_database("notifications")
    config = Settings(**infra.settings_kwargs(url, unique_prefix()), **settings)
    container = bootstrap(config, email=email, sms=sms, clock=clock or Clock())
    try:
        yield container
    finally:
        await container.dispatcher.close()
        await container.runtime.engine.dispose()


def person(**overrides: Any) -> Recipient:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "kind": RecipientKind.PERSON.value,
        "name": "Sam",
        "email": "sam@example.org",
        "mobile": "+447700900123",
        "preferred_channel": Channel.EMAIL,
        "consent": True,
        "area": "leeds",
    }
    return Recipient(**(values | overrides))


def pending(recipient: Recipient, now: datetime, **overrides: Any) -> Notification:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "cause_event_id": str(uuid.uuid4()),
        "cause_type": "t2t.groups.MemberWaitlisted.v1",
        "subject_id": str(uuid.uuid4()),
        "recipient_id": recipient.id,
        "recipient_kind": recipient.kind,
        "template": "member_waitlisted",
        "channel": None,
        "status": Status.PENDING,
        "data": {"position": 2, "area_name": "Leeds"},
        "created_at": now,
        "due_at": now,
        "area": "leeds",
        "category": Category.SERVICE,
    }
    return Notification(**(values | overrides))


async def store(container: Container, recipients: list[Recipient], *notes: Notification) -> None:
    async with container.uow() as uow:
        for r in recipients:
            await uow.recipients.save(r)
        await uow.notifications.add_once(list(notes))
        await uow.commit()


async def fetch(container: Container, notification_id: uuid.UUID) -> tuple[Notification, Any]:
    async with container.uow() as uow:
        found = await uow.notifications.get(notification_id)
    assert found is not None
    return found


async def published(container: Container) -> list[tuple[str, dict[str, Any]]]:
    """(ce_type, data) of every event in the outbox, oldest first."""
    async with container.uow() as uow:
        rows = (await uow.session.execute(sa.select(orm.outbox).order_by(orm.outbox.c.id))).all()
    out = []
    for row in rows:
        headers = dict(zip(row.header_keys, row.header_values, strict=True))
        out.append((bytes(headers["ce_type"]).decode(), json.loads(row.value)))
    return out
