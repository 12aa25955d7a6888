"""How many messages went to each address lately, whichever recipient record it was on."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from t2t_shared import driver

# The channel a message went on picks which of the recipient's addresses it went to.
_COUNTS = (
    "SELECT address, count(*) FROM ("
    " SELECT CASE WHEN n.channel = 'email' THEN r.email ELSE r.mobile END AS address"
    " FROM notifications n JOIN recipients r ON r.id = n.recipient_id"
    " WHERE n.sent_at >= $1 AND r.kind = ANY($2::text[])) AS sent"
    " WHERE address = ANY($3::text[]) GROUP BY address"
)


class SqlSendCounts:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def sent_since(
        self, addresses: Collection[str], since: datetime, kinds: Collection[str]
    ) -> dict[str, int]:
        """Sends accepted since `since` to each of `addresses`, over recipients of `kinds`.

        Every dispatch round with a cap asks: on the driver, not through SQLAlchemy.
        """
        if not addresses:
            return {}
        db = await driver.current(self._session)
        rows = await db.fetch(_COUNTS, since, list(kinds), list(addresses))
        return {str(r[0]): int(r[1]) for r in rows}
