"""The operations commands against the real broker (and the ops database for redrive)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from typer.testing import CliRunner, Result

from ops.domain.funnel import STAGES
from services.ops.tests.synthetic import Catalogue, dead_letter, platform_topics
from t2t_cli.main import app
from t2t_shared.envelope import EventRecord, header_value
from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import ensure_topics
from tests.fixtures.services import Infra, publish, unique_prefix
from tests.fixtures.topics import offsets_behind, read_to_end, read_until

pytestmark = pytest.mark.integration

FUNNEL = {
    ("leeds", "gp", "joined"): 2,
    ("leeds", "self", "contacted"): 1,
    ("york", "gp", "received"): 2,
}


def raw(records: list[EventRecord]) -> list[tuple[str, bytes | None, bytes | None, Any]]:
    return [(r.topic, r.key.encode(), r.value, r.headers) for r in records]


@dataclass
class Broker:
    infra: Infra
    prefix: str
    catalogue: Catalogue
    env: dict[str, str]

    async def run(self, *args: str, stdin: str | None = None) -> Result:
        """Run `t2t …` in a thread: the commands start their own event loop."""
        runner = CliRunner()
        return await asyncio.to_thread(runner.invoke, app, list(args), input=stdin, env=self.env)


@pytest.fixture(scope="module")
async def broker(infra: Infra) -> Broker:
    prefix = unique_prefix()
    await ensure_topics(KafkaConnection(infra.kafka_bootstrap), platform_topics(prefix))
    catalogue = Catalogue(prefix)
    records = [
        record
        for (area, source, reach), n in FUNNEL.items()
        for _ in range(n)
        for record in catalogue.referral(area=area, source=source, reach=reach)
    ]
    await publish(infra.kafka_bootstrap, raw(records))
    ops_db = await infra.migrated_database("ops")
    env = {
        "T2T_KAFKA_BOOTSTRAP": infra.kafka_bootstrap,
        "T2T_TOPIC_PREFIX": prefix,
        "T2T_DATABASE_URL_OPS": ops_db,
        "T2T_LOG_JSON": "false",
        "COLUMNS": "200",
    }
    return Broker(infra, prefix, catalogue, env)


async def test_funnel_json_counts_the_published_referrals(broker: Broker) -> None:
    result = await broker.run("funnel", "--area", "leeds", "--since", "30d", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    counts = {c["stage"]: c["count"] for c in report["rows"][0]["stages"]}
    for stage in STAGES:
        assert counts[stage] == sum(
            n
            for (area, _, reach), n in FUNNEL.items()
            if area == "leeds" and STAGES.index(reach) >= STAGES.index(stage)
        )
    table = await broker.run("funnel")
    assert "Referral funnel" in table.stdout
    bad = await broker.run("funnel", "--since", "fortnight")
    assert bad.exit_code == 2
    assert "--since" in bad.output


async def test_events_tail_prints_history_and_live_events_decoded(broker: Broker) -> None:
    history = await broker.run(
        "events",
        "tail",
        "--from-beginning",
        "--type",
        "ReferralReceived",
        "--area",
        "york",
        "--json",
        "--limit",
        "2",
    )
    assert history.exit_code == 0, history.output
    lines = [json.loads(line) for line in history.stdout.splitlines()]
    assert [(x["type"], x["area"]) for x in lines] == [
        ("t2t.referrals.ReferralReceived.v1", "york")
    ] * 2
    assert "data" not in lines[0]

    tail = asyncio.create_task(
        broker.run(
            "events",
            "tail",
            "--service",
            "notifications",
            "--json",
            "--limit",
            "1",
            "--seconds",
            "30",
        )
    )
    sent: list[str] = []
    while not tail.done():
        record = broker.catalogue.notification(area="leeds", channel="sms")
        sent.append(record.event_id)
        await publish(broker.infra.kafka_bootstrap, raw([record]))
        await asyncio.wait({tail}, timeout=0.7)
    live = tail.result()
    assert live.exit_code == 0, live.output
    (line,) = [json.loads(x) for x in live.stdout.splitlines()]
    assert line["id"] in sent
    assert line["service"] == "notifications"


async def test_lag_reports_each_group_behind(broker: Broker) -> None:
    topic = f"{broker.prefix}referrals.events"
    consumer = AIOKafkaConsumer(
        bootstrap_servers=broker.infra.kafka_bootstrap,
        group_id=f"{broker.prefix}notifications",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        consumer.assign(tps)
        await consumer.commit(dict.fromkeys(tps, 0))
    finally:
        await consumer.stop()
    behind = offsets_behind(await read_to_end(broker.infra.kafka_bootstrap, topic))
    result = await broker.run("lag", "--json")
    assert result.exit_code == 0, result.output
    lags = {g["group"]: g for g in json.loads(result.stdout)}
    notifications = lags[f"{broker.prefix}notifications"]
    assert notifications["messages"] == behind
    assert notifications["seconds"] >= 0
    assert lags[f"{broker.prefix}groups"]["messages"] == 0
    table = await broker.run("lag")
    assert "Consumer lag" in table.stdout


async def test_dlq_list_show_and_redrive_with_dry_run_first(broker: Broker) -> None:
    # An area no other test counts: the redriven copy lands on referrals.events, and the
    # funnel test shares this module's topics in whatever order the tests run.
    event = broker.catalogue.referral(area="hull")[0]
    letter = dead_letter(event, consumer="groups", error="unknown group 17", prefix=broker.prefix)
    # Deliberately not a whole PersonContact (not checked against the contract): only that
    # personal data on a restricted topic's letter never shows.
    contact = EventRecord(
        f"{broker.prefix}referrals.contacts", "p1", b'{"email": "chidi@example.org"}', []
    )
    contact_letter = dead_letter(
        contact, consumer="notifications", error="bad", prefix=broker.prefix
    )
    await publish(broker.infra.kafka_bootstrap, raw([letter, contact_letter]))

    listed = json.loads((await broker.run("dlq", "list", "--json")).stdout)
    mine = [m for m in listed["messages"] if m["event_id"] == event.event_id]
    assert len(mine) == 1
    message_id = mine[0]["id"]
    assert "chidi" not in json.dumps(listed)
    contact_id = next(m["id"] for m in listed["messages"] if m["restricted"])
    shown = await broker.run("dlq", "show", contact_id, "--reveal", "--json")
    assert "chidi" not in shown.stdout
    assert json.loads(shown.stdout)["key"] == "p1"

    dry = await broker.run("dlq", "redrive", "--id", message_id, "--dry-run", "--json")
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.stdout)["dry_run"] is True
    declined = await broker.run("dlq", "redrive", "--id", message_id, stdin="n\n")
    assert declined.exit_code == 1
    real = await broker.run("dlq", "redrive", "--id", message_id, "--yes")
    assert real.exit_code == 0, real.output
    assert "redriven" in real.stdout

    # Wait for the redriven copy; the short settle would catch a second one arriving late.
    records = await read_until(
        broker.infra.kafka_bootstrap,
        event.topic,
        lambda rs: _copies(rs, event.event_id) >= 1,
        settle=2.0,
    )
    assert _copies(records, event.event_id) == 1
    after = json.loads((await broker.run("dlq", "list", "--json")).stdout)
    assert message_id not in [m["id"] for m in after["messages"]]
    again = await broker.run("dlq", "redrive", "--id", message_id, "--yes")
    assert again.exit_code == 2


def _copies(records: list[Any], event_id: str) -> int:
    return [header_value(list(r.headers), "ce_id") for r in records].count(event_id)
