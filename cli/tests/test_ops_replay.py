"""`t2t replay` republishes a service's published outbox rows into a broker that lost them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from typer.testing import CliRunner

from services.ops.tests.synthetic import Catalogue
from t2t_cli.main import app
from t2t_shared.db import define_messaging_tables
from t2t_shared.envelope import header_value
from t2t_shared.outbox.writer import outbox_row
from tests.fixtures.services import Infra, read_topic, unique_prefix

pytestmark = pytest.mark.integration


async def test_replay_sends_published_rows_since_a_time_to_the_relays_partitions(
    infra: Infra,
) -> None:
    prefix = unique_prefix()  # topics that do not exist yet: a broker that restarted empty
    catalogue = Catalogue(prefix)
    # Any publishing service's database: the outbox table is the shared one.
    url = await infra.migrated_database("referrals")
    outbox, _ = define_messaging_tables(sa.MetaData())
    now = datetime.now(UTC)
    recent = [r for _ in range(4) for r in catalogue.referral(area="leeds", reach="contacted")]
    old = catalogue.referral(area="leeds")
    unpublished = catalogue.referral(area="york")
    rows = (
        [outbox_row(r) | {"created_at": now - timedelta(days=3), "published_at": now} for r in old]
        + [outbox_row(r) | {"created_at": now, "published_at": now} for r in recent]
        + [outbox_row(r) | {"created_at": now, "published_at": None} for r in unpublished]
    )
    engine = create_async_engine(url.replace("postgresql://", "postgresql+asyncpg://"))
    async with engine.begin() as conn:
        await conn.execute(sa.insert(outbox), rows)
    await engine.dispose()

    env = {
        "T2T_KAFKA_BOOTSTRAP": infra.kafka_bootstrap,
        "T2T_TOPIC_PREFIX": prefix,
        "T2T_TOPIC_PARTITIONS": "2",
    }
    args = ["replay", "--service", "referrals", "--database-url", url, "--since", "1d"]
    result = await asyncio.to_thread(CliRunner().invoke, app, args, env=env)
    assert result.exit_code == 0, result.output
    assert f"republished {len(recent)} event(s)" in result.stdout

    topic = f"{prefix}referrals.events"
    records = await read_topic(infra.kafka_bootstrap, topic, expect=len(recent))
    assert sorted(header_value(list(r.headers), "ce_id") for r in records) == sorted(
        r.event_id for r in recent
    )
    expected_partition = {r.event_id: outbox_row(r)["key_hash"] % 2 for r in recent}  # type: ignore[operator]
    for record in records:
        ce_id = header_value(list(record.headers), "ce_id")
        assert record.partition == expected_partition[ce_id]
    # Each aggregate's events arrive in the order they were written.
    order = {r.event_id: i for i, r in enumerate(recent)}
    by_key: dict[bytes, list[int]] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        by_key.setdefault(record.key, []).append(order[header_value(list(record.headers), "ce_id")])
    assert all(seq == sorted(seq) for seq in by_key.values())


async def test_replay_refuses_an_unknown_service_and_a_bad_since() -> None:
    runner = CliRunner()
    unknown = await asyncio.to_thread(runner.invoke, app, ["replay", "--service", "billing"])
    assert unknown.exit_code == 2
    assert "--service" in unknown.output
    bad = await asyncio.to_thread(
        runner.invoke, app, ["replay", "--service", "groups", "--since", "soonish"]
    )
    assert bad.exit_code == 2
    assert "--since" in bad.output
