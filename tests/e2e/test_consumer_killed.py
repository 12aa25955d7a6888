"""A notifications process killed mid-batch: after a restart nothing is lost, nothing sent twice."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from referrals.bootstrap import bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from t2t_cli.stack.common import free_port
from tests.fixtures.services import STACK_ENV, Infra, auth, eventually, serving, unique_prefix

pytestmark = pytest.mark.e2e

REFERRALS = 60
COORDINATOR = auth("coordinator", ["kirklees"])
OPS = auth("ops", ["*"])


class NotificationsProcess:
    """`python -m notifications serve` as its own process, so it can be killed for real."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "notifications",
            "serve",
            env=self.env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        # A liveness bound, not a speed target: a restarted member waits out its old group
        # session on the local broker, and a loaded 2-core machine starts slowly.
        await eventually(self._ready, within=90)

    async def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            await self.proc.wait()

    async def _ready(self) -> bool:
        try:
            async with httpx.AsyncClient() as client:
                return (
                    await client.get(f"http://127.0.0.1:{self.port}/healthz")
                ).status_code == 200
        except httpx.HTTPError:
            return False


@pytest.fixture
async def notifications(
    infra: Infra, smtp_catcher: Any, tmp_path: Path
) -> AsyncIterator[tuple[NotificationsProcess, str, Path]]:
    prefix = unique_prefix()
    url = await infra.migrated_database("notifications")
    port = free_port()
    sink = tmp_path / "sms.jsonl"
    env = {
        **os.environ,
        "T2T_DATABASE_URL_NOTIFICATIONS": url,
        "T2T_KAFKA_BOOTSTRAP": infra.kafka_bootstrap,
        "T2T_TOPIC_PREFIX": prefix,
        "T2T_NOTIFICATIONS_PORT": str(port),
        "T2T_SMTP_HOST": smtp_catcher.host,
        "T2T_SMTP_PORT": str(smtp_catcher.port),
        "T2T_SMS_SINK_PATH": str(sink),
        "T2T_RETRY_DELAYS_S": "[0.5, 1, 2]",
        **STACK_ENV,
        "T2T_SMS_QUIET_HOURS": "",  # the texts are counted at once, whatever the hour
        # A sink send takes milliseconds: a claim older than this was cut off by the kill.
        "T2T_DISPATCH_ABANDONED_AFTER_S": "4",
    }
    process = NotificationsProcess(env, port)
    yield process, prefix, sink
    await process.stop()


async def test_killed_mid_batch_resumes_without_loss_or_double_send(
    infra: Infra, notifications: tuple[NotificationsProcess, str, Path]
) -> None:
    process, prefix, sink = notifications
    referrals_db = await infra.migrated_database("referrals")
    container = bootstrap(Settings(**infra.settings_kwargs(referrals_db, prefix)))
    async with serving(container, create_app(container), "http://referrals") as referrals:
        await process.start()
        codes = []
        for n in range(REFERRALS):
            response = await referrals.post("/referrals", json=_referral(n), headers=COORDINATOR)
            assert response.status_code == 201, response.text
            codes.append(response.json()["reference_code"])

        # Kill it once it is part-way through: some texts out, most still to come.
        await eventually(lambda: len(_lines(sink)) >= 5, within=60, every=0.05)
        await process.kill()
        at_kill = len(_lines(sink))
        await process.start()
        try:
            await eventually(lambda: _settled(process.port, len(codes)), within=90, every=0.5)
        except AssertionError as exc:
            detail = f"statuses {await _statuses(process.port)}, texts {len(_lines(sink))}"
            raise AssertionError(f"{exc}: {detail}, {at_kill} texts at the kill") from None

    texts = Counter(code for line in _lines(sink) for code in codes if code in line["body"])
    statuses = await _statuses(process.port)
    sent, interrupted = statuses.get("sent", 0), statuses.get("failed", 0)
    assert at_kill < REFERRALS, "the kill came after everything was sent; nothing was tested"
    assert max(texts.values()) == 1, "a text was sent twice"
    # Nothing lost: every referral's acknowledgement is sent, or (at most once) flagged
    # 'interrupted' for a person to follow up: the kill may have come just before or
    # just after the provider took it, and it is never resent.
    assert sent + interrupted == REFERRALS
    assert sent <= len(texts) <= sent + interrupted
    # Only claims in flight at the kill: at most 4 rounds of 10 (the dispatcher's defaults).
    assert interrupted <= 40


def _referral(n: int) -> dict[str, Any]:
    return {
        "source": "self",
        "area": "kirklees",
        "person": {
            "given_name": f"Member{n}",
            "family_name": "Example",
            "date_of_birth": "1960-05-05",
            "postcode": "HD1 2RS",
            "mobile": f"07700 900{n:03d}",
            "preferred_channel": "sms",
        },
        "consent": {"contact": True},
    }


def _lines(sink: Path) -> list[dict[str, Any]]:
    if not sink.exists():
        return []
    return [json.loads(line) for line in sink.read_text().splitlines() if line.strip()]


async def _statuses(port: int) -> Counter[str]:
    async with httpx.AsyncClient() as client:
        response = await client.get(f"http://127.0.0.1:{port}/notifications?limit=500", headers=OPS)
    response.raise_for_status()
    return Counter(n["status"] for n in response.json())


async def _settled(port: int, expected: int) -> bool:
    statuses = await _statuses(port)
    return sum(statuses[s] for s in ("sent", "failed")) == expected
