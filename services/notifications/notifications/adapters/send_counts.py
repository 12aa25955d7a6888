"""How many messages went to each address lately, whichever recipient record it was on."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm


class SqlSendCounts:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def sent_since(
        self, addresses: Collection[str], since: datetime, kinds: Collection[str]
    ) -> dict[str, int]:
        """Sends accepted since `since` to each of `addresses`, over recipients of `kinds`."""
        if not addresses:
            return {}
        n, r = orm.notifications, orm.recipients
        address = sa.case((n.c.channel == "email", r.c.email), else_=r.c.mobile)
        rows = await self._session.execute(
            sa.select(address, sa.func.count())
            .select_from(n.join(r, r.c.id == n.c.recipient_id))
            .where(
                n.c.sent_at >= since,
                r.c.kind.in_(list(kinds)),
                address.in_(list(addresses)),
            )
            .group_by(address)
        )
        return {str(a): int(count) for a, count in rows.all()}
