"""One notifications service over the real broker, PostgreSQL, SMTP and SMS sink."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from notifications.adapters.sms_sink import read_sms_sink
from notifications.bootstrap import Container, bootstrap
from notifications.config import Settings
from notifications.entrypoints.app import create_app
from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import Topics, ensure_topics, owned_topics
from tests.fixtures.services import Infra, auth, eventually, publish, serving, unique_prefix

from .records import Publisher, Record

OPS = auth("ops", ["*"])
MAILBOXES = {"leeds": "leeds.coordinators@t2t.example"}


@dataclass
class MovableClock:
    """Real time plus an offset the test moves: quiet hours and reminders without sleeping."""

    offset: timedelta = field(default=timedelta(0))

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def set(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)

    def reset(self) -> None:
        self.offset = timedelta(0)


@dataclass
class Running:
    prefix: str
    container: Container
    client: httpx.AsyncClient
    catcher: Any
    sms_path: Path
    clock: MovableClock

    @property
    def pub(self) -> Publisher:
        return Publisher(self.prefix, self.clock)

    async def publish(self, *records: Record) -> None:
        await publish(self.container.settings.kafka_bootstrap, list(records))

    async def notifications(self, **query: str) -> list[dict[str, Any]]:
        response = await self.client.get("/notifications", params=query, headers=OPS)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    async def wait_for(
        self, template: str, subject: str, status: str = "sent", within: float = 40
    ) -> dict[str, Any]:
        async def found() -> dict[str, Any] | None:
            rows = await self.notifications(template=template, subject=subject)
            return next((n for n in rows if n["status"] == status), None)

        self.container.dispatcher.wake()
        result: dict[str, Any] = await eventually(found, within=within)
        return result

    def email_with_reference(self, reference: str) -> Any:
        return next((m for m in self.catcher.messages() if m["X-T2T-Reference"] == reference), None)

    def text_with_reference(self, reference: str) -> dict[str, Any] | None:
        if not self.sms_path.exists():
            return None
        return next((t for t in read_sms_sink(self.sms_path) if t["reference"] == reference), None)

    async def delivered(self, notification: dict[str, Any]) -> str:
        """The message as it reached the mail catcher or the SMS sink."""
        ref = notification["id"]
        if notification["channel"] == "email":
            mail = await eventually(lambda: self.email_with_reference(ref), within=10)
            return str(mail.get_body(("plain",)).get_content())
        text = await eventually(lambda: self.text_with_reference(ref), within=10)
        return str(text["body"])


async def running_service(
    infra: Infra, catcher: Any, sms_path: Path, **settings: Any
) -> AsyncIterator[Running]:
    prefix = unique_prefix()
    url = await infra.migrated_database("notifications")
    config = Settings(
        **infra.settings_kwargs(url, prefix),
        smtp_host=catcher.host,
        smtp_port=catcher.port,
        sms_sink_path=sms_path,
        dispatch_poll_interval_s=0.2,
        coordinator_mailboxes=MAILBOXES,
        **settings,
    )
    await others_topics_exist(infra, prefix)
    clock = MovableClock()
    container = bootstrap(config, clock=clock)
    async with serving(container, create_app(container), "http://notifications") as client:
        running = Running(prefix, container, client, catcher, sms_path, clock)
        await eventually(_ready(client), within=40)
        yield running


def _ready(client: httpx.AsyncClient) -> Any:
    async def check() -> bool:
        return (await client.get("/readyz")).status_code == 200

    return check


async def others_topics_exist(infra: Infra, prefix: str) -> None:
    """The publishers create their topics at their own start-up; here done on their behalf."""
    specs = [
        spec
        for service in ("referrals", "groups", "volunteers")
        for spec in owned_topics(
            Topics(prefix), service=service, partitions=2, publishes_contacts=True
        )
    ]
    await ensure_topics(KafkaConnection(infra.kafka_bootstrap), specs)


async def settle(seconds: float = 1.5) -> None:
    """Give the service time to (wrongly) do more; only after the awaited effect was seen."""
    await asyncio.sleep(seconds)
