"""Recipients' preferences: channel and opt-outs, kept apart from their contact records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from notifications.adapters.notification_rows import as_uuid
from notifications.domain.model import Channel
from notifications.domain.preferences import NO_PREFERENCES, Preferences
from t2t_shared import driver


class SqlPreferences:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, recipient_id: uuid.UUID) -> Preferences:
        return (await self.get_many([recipient_id])).get(recipient_id, NO_PREFERENCES)

    async def get_many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Preferences]:
        if not ids:
            return {}
        # Every dispatch round reads these: on the driver, not through SQLAlchemy.
        db = await driver.current(self._session)
        rows = await db.fetch(
            "SELECT recipient_id, channel, service, reminders FROM preferences"
            " WHERE recipient_id = ANY($1::uuid[])",
            list(set(ids)),
        )
        return {
            as_uuid(r["recipient_id"]): Preferences(
                channel=Channel(r["channel"]) if r["channel"] else None,
                service=r["service"],
                reminders=r["reminders"],
            )
            for r in rows
        }

    async def save(self, recipient_id: uuid.UUID, prefs: Preferences) -> None:
        values = {
            "channel": prefs.channel.value if prefs.channel else None,
            "service": prefs.service,
            "reminders": prefs.reminders,
            "updated_at": sa.func.now(),
        }
        await self._session.execute(
            insert(orm.preferences)
            .values(recipient_id=recipient_id, **values)
            .on_conflict_do_update(index_elements=["recipient_id"], set_=values)
        )
