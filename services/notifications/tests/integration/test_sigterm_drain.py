"""SIGTERM to a real notifications process mid-send: the send finishes and is recorded."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from notifications.bootstrap import bootstrap
from notifications.config import Settings
from notifications.domain.model import Status
from t2t_cli.stack.common import free_port
from tests.fixtures.services import Infra, eventually, unique_prefix

from .stored import fetch, pending, person, store

pytestmark = pytest.mark.integration


class HeldInbox:
    """Takes DATA, but answers only once the test lets it: a send in progress."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.received: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.started.set()
        await asyncio.to_thread(self.release.wait, 60)
        self.received.append(envelope.original_content)
        return "250 OK"


async def test_sigterm_lets_the_send_in_progress_finish_and_be_recorded(infra: Infra) -> None:
    inbox, smtp_port, http_port = HeldInbox(), free_port(), free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    prefix = unique_prefix()
    url = await infra.migrated_database("notifications")
    container = bootstrap(Settings(**infra.settings_kwargs(url, prefix)))
    env = {
        **os.environ,
        "T2T_DATABASE_URL_NOTIFICATIONS": url,
        "T2T_KAFKA_BOOTSTRAP": infra.kafka_bootstrap,
        "T2T_TOPIC_PREFIX": prefix,
        "T2T_NOTIFICATIONS_PORT": str(http_port),
        "T2T_SMTP_HOST": "127.0.0.1",
        "T2T_SMTP_PORT": str(smtp_port),
        "T2T_SMS_QUIET_HOURS": "",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "notifications",
        "serve",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:

        async def healthy() -> bool:
            try:
                async with httpx.AsyncClient() as client:
                    return (
                        await client.get(f"http://127.0.0.1:{http_port}/healthz")
                    ).status_code == 200
            except httpx.HTTPError:
                return False

        await eventually(healthy, within=60)
        sam = person()
        note = pending(sam, datetime.now(UTC))
        await store(container, [sam], note)
        await eventually(inbox.started.is_set, within=30)

        process.send_signal(signal.SIGTERM)

        async def stopping() -> bool:
            return not await healthy()

        # Shutting down (no longer listening) while the relay still holds the message.
        await eventually(stopping, within=30)
        inbox.release.set()
        # uvicorn re-raises the signal once shut down, so the exit status is -SIGTERM.
        assert await asyncio.wait_for(process.wait(), 60) == -signal.SIGTERM

        sent, attempts = await fetch(container, note.id)
        assert sent.status is Status.SENT
        assert [a["outcome"] for a in attempts] == ["sent"]
        assert len(inbox.received) == 1
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        smtp.stop()
        await container.runtime.engine.dispose()
