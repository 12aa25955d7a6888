"""The console over the real broker and database: rebuild, live feed, lag and redrive."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy.ext.asyncio import create_async_engine

from services.ops.tests.synthetic import Catalogue, dead_letter, platform_topics
from t2t_shared.envelope import header_value
from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import ensure_topics
from tests.fixtures.services import Infra, auth, eventually, unique_prefix
from tests.fixtures.topics import offsets_behind

from .projection_support import Running, read_to_end, send
from .projection_support import console as serving_console

pytestmark = pytest.mark.integration

OPS = auth("ops", ["*"])
BEFORE_START = {"received": 3, "contacted": 2, "joined": 1}


@pytest.fixture(scope="module")
async def console(infra: Infra) -> AsyncIterator[Running]:
    prefix = unique_prefix()
    # Volunteers' topics are left out: the service starts later and creates them then.
    later = f"{prefix}volunteers."
    topics = [t for t in platform_topics(prefix) if not t.name.startswith(later)]
    await ensure_topics(KafkaConnection(infra.kafka_bootstrap), topics)
    catalogue = Catalogue(prefix)
    history = [
        record
        for reach, n in BEFORE_START.items()
        for _ in range(n)
        for record in catalogue.referral(area="leeds", reach=reach)
    ]
    await send(infra, history)
    url = await infra.migrated_database("ops")
    fast = {"lag_interval_s": 0.3, "topic_refresh_s": 0.5}
    async with serving_console(infra, url, prefix, **fast) as running:
        yield running


async def test_read_models_are_rebuilt_from_the_start_of_the_topics(console: Running) -> None:
    async def ready() -> bool:
        return (await console.client.get("/readyz")).status_code == 200

    await eventually(ready)
    status = (await console.client.get("/api/status", headers=OPS)).json()
    assert status["caught_up"] is True
    assert status["read"] >= sum(BEFORE_START.values())
    funnel = (await console.client.get("/api/funnel?area=leeds", headers=OPS)).json()
    counts = {c["stage"]: c["count"] for c in funnel["rows"][0]["stages"]}
    assert counts["received"] == sum(BEFORE_START.values())
    assert counts["contacted"] == BEFORE_START["contacted"] + BEFORE_START["joined"]
    assert counts["joined"] == BEFORE_START["joined"]


async def test_the_feed_follows_events_published_after_start(
    console: Running, infra: Infra
) -> None:
    record = console.catalogue.notification(area="york", channel="sms")
    await send(infra, [record])

    async def seen() -> list[Any]:
        feed = await console.client.get("/api/feed?service=notifications", headers=OPS)
        return [i for i in feed.json()["items"] if i["id"] == record.event_id]

    (item,) = await eventually(seen)
    assert (item["area"], item["subject"]) == ("york", record.key)


async def test_a_provider_paused_after_start_shows_in_the_status(
    console: Running, infra: Infra
) -> None:
    paused = console.catalogue.provider_paused("smtp", channel="email", reason="timeout")
    failed = console.catalogue.notification(area="leeds", failed="outcome_unknown")
    await send(infra, [paused, failed])

    async def shown() -> dict[str, Any] | None:
        status = (await console.client.get("/api/status", headers=OPS)).json()
        done = status["sending_paused"] == ["smtp"] and status["follow_up"]["outcome_unknown"]
        return status if done else None

    status = await eventually(shown)
    [smtp] = status["providers"]
    assert (smtp["status"], smtp["reason"], smtp["channel"]) == ("paused", "timeout", "email")
    assert smtp["retry_at"] is not None
    assert status["follow_up"] == {"contact_details_missing": 0, "outcome_unknown": 1}


async def test_lag_counts_what_a_group_has_not_committed(console: Running, infra: Infra) -> None:
    topic = f"{console.prefix}referrals.events"
    group = f"{console.prefix}groups"
    # Manual assignment commits for the group without joining it: no rebalance to wait for.
    consumer = AIOKafkaConsumer(
        bootstrap_servers=infra.kafka_bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        consumer.assign(tps)
        await consumer.commit({tp: 1 for tp in tps})
    finally:
        await consumer.stop()
    behind = offsets_behind(await read_to_end(infra, topic), committed=1)

    async def measured() -> dict[str, Any] | None:
        """The group's lag once measured after the commit (the probe runs every 0.3 s)."""
        lag = (await console.client.get("/api/lag", headers=OPS)).json()
        mine = next((g for g in lag if g["group"] == group), None)
        committed = mine and {p["committed"] for p in mine["partitions"]}
        return mine if committed == {1} and len(mine["partitions"]) == len(tps) else None

    lag = await eventually(measured)
    assert lag["messages"] == behind
    assert lag["seconds"] is not None
    assert lag["seconds"] >= 0


async def test_a_dead_letter_is_redriven_to_its_topic_and_audited(
    console: Running, infra: Infra
) -> None:
    # An area no other test counts: the redriven copy is read into the funnel, and the
    # rebuild test shares this module's console in whatever order the tests run.
    event = console.catalogue.referral(area="hull")[0]
    letter = dead_letter(event, consumer="notifications", error="boom 42", prefix=console.prefix)
    await send(infra, [letter])

    async def waiting() -> list[Any]:
        dlq = (await console.client.get("/api/dlq", headers=OPS)).json()
        return [m for m in dlq["messages"] if m["event_id"] == event.event_id]

    (message,) = await eventually(waiting)
    body = {"ids": [message["id"]]}
    dry = await console.client.post("/api/dlq/redrive", json=body, headers=OPS)
    assert dry.json()["dry_run"] is True
    real = await console.client.post(
        "/api/dlq/redrive", json=body | {"dry_run": False}, headers=OPS
    )
    assert real.status_code == 200, real.text
    assert await waiting() == []
    topic = f"{console.prefix}referrals.events"
    records = await read_to_end(infra, topic)
    back = [r for r in records if header_value(list(r.headers), "ce_id") == event.event_id]
    assert len(back) == 1
    assert header_value(list(back[0].headers), "t2t-error") is None
    engine = create_async_engine(
        console.database_url.replace("postgresql://", "postgresql+asyncpg://")
    )
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                sa.text(
                    "SELECT dry_run, actor, target_topic FROM redrive_audit WHERE message_id = :m "
                    "ORDER BY id"
                ),
                {"m": message["id"]},
            )
        ).all()
    await engine.dispose()
    assert [tuple(r) for r in rows] == [(True, "dev", topic), (False, "dev", topic)]


async def test_a_topic_created_after_start_is_followed(console: Running, infra: Infra) -> None:
    await ensure_topics(
        KafkaConnection(infra.kafka_bootstrap),
        [t for t in platform_topics(console.prefix) if "volunteers" in t.name],
    )
    records = console.catalogue.volunteer(area="york", reach="trained")
    await send(infra, records)

    async def counted() -> bool:
        report = (await console.client.get("/api/volunteers?area=york", headers=OPS)).json()
        return bool(report["stages"]["trained"] == 1)

    await eventually(counted)
