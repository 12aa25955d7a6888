"""Notifications over the real broker, PostgreSQL and SMTP: each message sent once."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from notifications.adapters.sms_sink import read_sms_sink
from notifications.bootstrap import Container, bootstrap
from notifications.config import Settings
from notifications.entrypoints.app import create_app
from tests.fixtures.services import (
    Infra,
    auth,
    eventually,
    publish,
    read_topic,
    serving,
    unique_prefix,
)

from .referrals_records import ReferralStory

pytestmark = pytest.mark.integration

OPS = auth("ops", ["*"])


@dataclass
class Running:
    prefix: str
    container: Container
    client: httpx.AsyncClient
    catcher: Any
    sms_path: Path

    def emails_to(self, address: str) -> list[Any]:
        return [m for m in self.catcher.messages() if m["To"] == address]

    def texts_with(self, reference_code: str) -> list[dict[str, Any]]:
        if not self.sms_path.exists():
            return []
        return [t for t in read_sms_sink(self.sms_path) if reference_code in t["body"]]

    async def notifications(self, subject_id: str) -> list[dict[str, Any]]:
        response = await self.client.get(f"/notifications?subject_id={subject_id}", headers=OPS)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
async def running(
    infra: Infra, smtp_catcher: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Running]:
    """One notifications service for the module: a consumer group joins once, not per test."""
    prefix = unique_prefix()
    url = await infra.migrated_database("notifications")
    sms_path = tmp_path_factory.mktemp("sms") / "sms.jsonl"
    settings = Settings(
        **infra.settings_kwargs(url, prefix),
        smtp_host=smtp_catcher.host,
        smtp_port=smtp_catcher.port,
        sms_sink_path=sms_path,
        dispatch_poll_interval_s=0.2,
        sms_quiet_hours="",
    )
    await _referrals_topics_exist(infra, prefix)
    container = bootstrap(settings)
    async with serving(container, create_app(container), "http://notifications") as client:
        yield Running(prefix, container, client, smtp_catcher, sms_path)


async def test_ready_only_once_its_consumers_are_reading(running: Running) -> None:
    async def ready() -> dict[str, bool] | None:
        response = await running.client.get("/readyz")
        return response.json()["checks"] if response.status_code == 200 else None

    checks = await eventually(ready, within=30)
    assert checks == {"database": True, "broker": True, "consumers": True}


async def test_referral_received_acknowledges_person_and_gives_practice_a_receipt(
    running: Running,
) -> None:
    story = ReferralStory(running.prefix, channel="email")
    await publish(
        running.container.settings.kafka_bootstrap,
        [story.person_contact(), story.referrer_contact(), story.received()],
    )

    sent = await eventually(lambda: _all_sent(running, story.referral_id, 2), within=40)
    by_template = {n["template"]: n for n in sent}
    assert by_template["referral_acknowledgement"]["channel"] == "email"
    assert by_template["referral_receipt_referrer"]["recipient_kind"] == "referrer"
    assert all(len(n["attempts"]) == 1 and n["attempts"][0]["outcome"] == "sent" for n in sent)

    person_email = json.loads(story.person_contact()[2] or b"{}")["email"]
    [ack] = running.emails_to(person_email)
    assert "Alex" in ack.get_body(("plain",)).get_content()
    assert story.reference_code in ack.get_body(("plain",)).get_content()
    receipts = [
        m
        for m in running.emails_to("hyde.park@nhs.example")
        if story.reference_code in m.get_body(("plain",)).get_content()
    ]
    assert len(receipts) == 1
    assert "Alex" not in receipts[0].get_body(("plain",)).get_content()

    events = await read_topic(
        running.container.settings.kafka_bootstrap,
        f"{running.prefix}notifications.events",
        expect=2,
    )
    mine = [
        json.loads(r.value)
        for r in events
        if json.loads(r.value)["subject_id"] == story.referral_id
    ]
    assert {e["template"] for e in mine} == {
        "referral_acknowledgement",
        "referral_receipt_referrer",
    }
    assert all(
        dict(r.headers)["ce_type"] == b"t2t.notifications.NotificationSent.v1" for r in events
    )
    assert person_email.encode() not in b"".join(r.value for r in events)


async def test_redelivered_event_sends_nothing_twice(running: Running) -> None:
    story = ReferralStory(running.prefix, channel="sms")
    duplicate = story.received()
    await publish(
        running.container.settings.kafka_bootstrap,
        [story.person_contact(), story.referrer_contact(), duplicate, duplicate],
    )
    await eventually(lambda: _all_sent(running, story.referral_id, 2), within=40)
    # Redeliver once more after the first was fully handled, as after a consumer restart.
    await publish(running.container.settings.kafka_bootstrap, [duplicate])
    await eventually(lambda: len(running.texts_with(story.reference_code)) >= 1)
    await _quiet(running)
    assert len(running.texts_with(story.reference_code)) == 1
    assert len(await running.notifications(story.referral_id)) == 2


async def test_event_before_its_contact_record_waits_for_it_not_lost(running: Running) -> None:
    story = ReferralStory(running.prefix, channel="sms")
    await publish(running.container.settings.kafka_bootstrap, [story.received()])
    await _quiet(running, seconds=0.5)
    assert running.texts_with(story.reference_code) == []
    await publish(
        running.container.settings.kafka_bootstrap,
        [story.person_contact(), story.referrer_contact()],
    )
    await eventually(lambda: running.texts_with(story.reference_code), within=40)


async def test_no_consent_no_message_to_the_person(running: Running) -> None:
    story = ReferralStory(running.prefix, channel="sms", consent=False)
    await publish(
        running.container.settings.kafka_bootstrap,
        [story.person_contact(), story.referrer_contact(), story.received()],
    )
    sent = await eventually(lambda: _all_sent(running, story.referral_id, 1), within=40)
    assert [n["template"] for n in sent] == ["referral_receipt_referrer"]
    assert running.texts_with(story.reference_code) == []


async def _all_sent(running: Running, referral_id: str, count: int) -> list[dict[str, Any]] | None:
    found = await running.notifications(referral_id)
    sent = [n for n in found if n["status"] == "sent"]
    return sent if len(sent) == count else None


async def _quiet(running: Running, seconds: float = 2.0) -> None:
    import asyncio

    await asyncio.sleep(seconds)


async def _referrals_topics_exist(infra: Infra, prefix: str) -> None:
    """Referrals creates its topics at its own start-up; here that is done on its behalf."""
    from t2t_shared.messaging.kafka import KafkaConnection
    from t2t_shared.topics import Topics, ensure_topics, owned_topics

    specs = owned_topics(Topics(prefix), service="referrals", partitions=2, publishes_contacts=True)
    await ensure_topics(KafkaConnection(infra.kafka_bootstrap), specs)
