"""An SMTP outage over the real broker: paused and resumed on the topic, nobody failed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.fixtures.services import Infra, eventually, read_topic

from .records import Person
from .running import OPS, Running, running_service
from .test_dispatcher import Inbox, free_port

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Relay:
    """Where the service sends mail: nothing listens there until the test starts it."""

    host: str
    port: int


@pytest.fixture
async def down(
    infra: Infra, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Running, Relay]]:
    relay = Relay("127.0.0.1", free_port())
    sms = tmp_path_factory.mktemp("sms") / "sms.jsonl"
    async for service in running_service(infra, relay, sms, sms_quiet_hours=""):
        yield service, relay


async def test_an_smtp_outage_is_published_as_paused_then_resumed_and_fails_nobody(
    infra: Infra, down: tuple[Running, Relay]
) -> None:
    running, relay = down
    p = Person(running.pub)
    await running.publish(p.contact(), p.referrer_contact(), p.received())
    topic = f"{running.prefix}notifications.events"

    def names(records: list[Any]) -> list[str]:
        return [dict(r.headers)["ce_type"].decode().split(".")[2] for r in records]

    [paused] = await read_topic(infra.kafka_bootstrap, topic, expect=1)
    assert names([paused]) == ["ProviderPaused"]
    assert paused.key.decode() == "smtp"
    assert json.loads(paused.value)["reason"] == "connection_refused"

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=relay.port)
    server.start()
    try:

        async def statuses() -> list[tuple[str, str]]:
            found = await running.client.get("/notifications", headers=OPS)
            return [(n["status"], n["last_error"]) for n in found.json()]

        try:
            await eventually(lambda: len(inbox.received) == 2, within=60)
        except AssertionError:
            raise AssertionError(f"{await statuses()}") from None
        records = await read_topic(infra.kafka_bootstrap, topic, expect=4, within=30)
    finally:
        server.stop()
    assert sorted(names(records)) == sorted(
        ["ProviderPaused", "ProviderResumed", "NotificationSent", "NotificationSent"]
    )
