"""The console in headless Chromium, used as a person would: sign in, watch, redrive."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import pytest
import uvicorn

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.entrypoints.app import create_app
from services.ops.tests.synthetic import Catalogue, dead_letter, platform_topics
from t2t_cli.stack.common import free_port
from t2t_shared.envelope import EventRecord, header_value
from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import ensure_topics
from tests.fixtures.services import Infra, eventually, publish, unique_prefix
from tests.fixtures.tools import PLAYWRIGHT, require_module, require_tool
from tests.fixtures.topics import read_until

pytestmark = pytest.mark.e2e

playwright_api = require_module("playwright.async_api", PLAYWRIGHT, module_level=True)
CHROMIUM = require_tool("chromium", "apt-get install chromium", module_level=True)

REFERRALS = {"joined": 2, "contacted": 1, "received": 3}


def raw(records: list[EventRecord]) -> list[tuple[str, bytes | None, bytes | None, Any]]:
    return [(r.topic, r.key.encode(), r.value, r.headers) for r in records]


@dataclass
class Console:
    url: str
    prefix: str
    catalogue: Catalogue
    infra: Infra


@pytest.fixture(scope="module")
async def console(infra: Infra) -> AsyncIterator[Console]:
    """The ops service on a real port, over topics that already hold some referrals."""
    prefix = unique_prefix()
    await ensure_topics(KafkaConnection(infra.kafka_bootstrap), platform_topics(prefix))
    catalogue = Catalogue(prefix)
    history = [
        r
        for reach, n in REFERRALS.items()
        for _ in range(n)
        for r in catalogue.referral(area="leeds", reach=reach)
    ]
    await publish(infra.kafka_bootstrap, raw(history))
    url = await infra.migrated_database("ops")
    # Development: staff sign in through the dev sign-in, as on a developer's machine.
    kwargs = infra.settings_kwargs(url, prefix) | {"environment": "development"}
    settings = Settings(**kwargs, lag_interval_s=0.5, topic_refresh_s=0.5)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(bootstrap(settings)),
            host="127.0.0.1",
            port=port,
            log_config=None,
            access_log=False,
        )
    )
    task = asyncio.create_task(server.serve())
    await eventually(lambda: server.started)
    try:
        yield Console(f"http://127.0.0.1:{port}", prefix, catalogue, infra)
    finally:
        server.should_exit = True
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 15)


@pytest.fixture(scope="module")
async def page(console: Console) -> AsyncIterator[Any]:
    async with playwright_api.async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = await browser.new_page()
        errors: list[str] = []  # script errors: each test checks it caused none
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.script_errors = errors
        page.set_default_timeout(20_000)
        await page.goto(console.url)
        yield page
        await browser.close()


@pytest.fixture(autouse=True)
def no_script_errors(page: Any) -> Iterator[None]:
    """Each test, in whatever order it runs, leaves the page without a script error."""
    page.script_errors.clear()
    yield
    assert page.script_errors == []


@pytest.fixture
async def as_ops(page: Any) -> Any:
    """The page signed in as ops: the tests share one browser page, in any order."""
    if await page.locator("#console").is_hidden():
        await sign_in(page, "ops", "*")  # a new sign-in replaces a refused one
        await playwright_api.expect(page.locator("#status-text")).to_contain_text("live")
    return page


async def sign_in(page: Any, role: str, area: str) -> None:
    """The console's sign-in: the dev sign-in form (the link's target), back to the console."""
    await page.goto(urljoin(page.url, "/sign-in?next=/"))
    await page.check(f'input[name="role"][value="{role}"]')
    await page.check(f'input[name="areas"][value="{area}"]')
    await page.click("#dev-sign-in button")


async def test_a_coordinator_is_refused(page: Any) -> None:
    await sign_in(page, "coordinator", "leeds")
    error = page.locator("#login-error")
    await playwright_api.expect(error).to_contain_text("Not allowed")
    await playwright_api.expect(page.locator("#console")).to_be_hidden()


async def test_signed_in_the_funnel_counts_match_the_events(as_ops: Any) -> None:
    page = as_ops
    order = ["received", "accepted", "contacted", "placed", "joined"]
    for stage in order:
        reached = sum(
            n for reach, n in REFERRALS.items() if order.index(reach) >= order.index(stage)
        )
        cell = page.locator(f'#funnel tr[data-source="all"] td[data-stage="{stage}"]')
        await playwright_api.expect(cell).to_have_text(re.compile(rf"^{reached}\b"))


async def test_the_feed_updates_live_filters_and_pauses(as_ops: Any, console: Console) -> None:
    page = as_ops
    first = console.catalogue.notification(area="york", channel="sms")
    await publish(console.infra.kafka_bootstrap, raw([first]))
    feed = page.locator("#feed tbody")
    await playwright_api.expect(feed).to_contain_text(first.key)

    await page.select_option("#feed-service", "notifications")
    await playwright_api.expect(feed.locator("tr")).to_have_count(1)
    await playwright_api.expect(feed).to_contain_text("NotificationSent")

    await page.click("#feed-pause")
    while_paused = console.catalogue.notification(area="york", channel="email")
    await publish(console.infra.kafka_bootstrap, raw([while_paused]))
    # The status line counts every event read: once it has moved on, the paused feed has not.
    before = await page.locator("#status-text").text_content()
    await playwright_api.expect(page.locator("#status-text")).not_to_have_text(before or "")
    assert while_paused.key not in (await feed.text_content() or "")
    await page.click("#feed-pause")
    await playwright_api.expect(feed).to_contain_text(while_paused.key)


async def test_a_dead_letter_is_redriven_after_a_dry_run(as_ops: Any, console: Console) -> None:
    page = as_ops
    # A volunteer's event: redriven, it changes neither the referral funnel nor the feed of
    # notifications the other tests count, whichever of them runs first.
    event = console.catalogue.volunteer(area="leeds")[0]
    letter = dead_letter(
        event, consumer="notifications", error="template missing", prefix=console.prefix
    )
    await publish(console.infra.kafka_bootstrap, raw([letter]))
    row = page.locator("#dlq tbody tr", has_text="template missing")
    await playwright_api.expect(row).to_have_count(1)
    await row.get_by_role("button", name="Dry run").click()
    plan = page.locator("#redrive-plan")
    await playwright_api.expect(plan).to_be_visible()
    await playwright_api.expect(plan).to_contain_text(event.event_id)
    await page.get_by_role("button", name=re.compile(r"^Redrive 1 message")).click()
    await playwright_api.expect(page.locator("#redrive-result")).to_contain_text("Redriven 1")
    await playwright_api.expect(row).to_have_count(0)
    # Wait for the redriven copy; the short settle would catch a second one arriving late.
    records = await read_until(
        console.infra.kafka_bootstrap,
        event.topic,
        lambda rs: _copies(rs, event.event_id) >= 1,
        settle=2.0,
    )
    assert _copies(records, event.event_id) == 1


def _copies(records: list[Any], event_id: str) -> int:
    return [header_value(list(r.headers), "ce_id") for r in records].count(event_id)
