"""A relay as a process of its own, for the leadership test: `python relay_process.py DB KAFKA OUT`.

Built exactly as a service builds it (no lock engine given), and it appends the number
of rows each of its publishing transactions published to OUT, so the test sees who
published what.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import sqlalchemy as sa

from t2t_shared.db import create_engine, define_messaging_tables, session_factory
from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.outbox import OutboxRelay
from t2t_shared.outbox.chain import Chain

BATCH_SIZE = 50


class CountingRelay(OutboxRelay):
    out: Path

    async def publish_chain(self, max_batches: int | None = None) -> Chain:
        chain = await super().publish_chain(max_batches)
        if chain.published:
            with self.out.open("a") as f:
                f.write(f"{chain.published}\n")
        return chain


async def main(database_url: str, bootstrap: str, out: str) -> None:
    engine = create_engine(database_url)
    outbox, _ = define_messaging_tables(sa.MetaData())
    connection = KafkaConnection(bootstrap)
    relay = CountingRelay(
        service="leadership-test",
        sessions=session_factory(engine),
        table=outbox,
        producer_factory=lambda: create_producer(connection, "leadership-test"),
        batch_size=BATCH_SIZE,
        poll_interval_s=0.05,
    )
    relay.out = Path(out)
    await relay.run()


if __name__ == "__main__":
    Path(sys.argv[3]).write_text("")
    asyncio.run(main(*sys.argv[1:4]))
