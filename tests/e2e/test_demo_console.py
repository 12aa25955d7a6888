"""`t2t demo --scale small` through the whole running stack, then the console in Chromium:
its funnel matches what the demo did, its feed moves live, and a dead letter redriven from
the page is processed by the service that had refused it."""

from __future__ import annotations

import io
import random
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from rich.console import Console

from services.ops.tests.synthetic.base import RecordMaker
from t2t_cli.demo.client import Api, Endpoints
from t2t_cli.demo.plan import DropOff
from t2t_cli.demo.recruiting import apply, screen_and_train
from t2t_cli.demo.run import DemoOptions, play_and_summarise
from t2t_cli.demo.tally import FUNNEL, Tally
from t2t_cli.stack.common import free_port
from t2t_cli.stack.config import SERVICES, StackConfig
from t2t_cli.stack.up import start_stack
from t2t_shared.settings import PlatformSettings
from tests.fixtures.contract_payloads import upstream
from tests.fixtures.services import STACK_ENV, eventually, publish, stack_databases, unique_prefix
from tests.fixtures.tools import PLAYWRIGHT, require_module, require_tool

pytestmark = pytest.mark.e2e

playwright_api = require_module("playwright.async_api", PLAYWRIGHT, module_level=True)
CHROMIUM = require_tool("chromium", "apt-get install chromium", module_level=True)


@dataclass
class Played:
    endpoints: Endpoints
    prefix: str
    kafka_bootstrap: str
    tally: Tally


@pytest.fixture(scope="module")
async def played(
    postgres_dsn: str,
    kafka_bootstrap: str,
    smtp_catcher: Any,
    fresh_database: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Played]:
    """Every service as `t2t up` starts it, on its own topics, with the small demo played."""
    services = tuple(type(spec)(spec.name, spec.module, free_port()) for spec in SERVICES)
    prefix = unique_prefix()
    config = StackConfig(
        home=tmp_path_factory.mktemp("t2t-demo"),
        postgres_dsn=postgres_dsn,
        kafka_bootstrap=kafka_bootstrap,
        smtp_host=smtp_catcher.host,
        smtp_port=smtp_catcher.port,
        services=services,
        extra_env={
            **STACK_ENV,
            **stack_databases(fresh_database, services),
            "T2T_TOPIC_PREFIX": prefix,
            "T2T_SMS_QUIET_HOURS": "",
            "T2T_LAG_INTERVAL_S": "1",
            "T2T_TOPIC_REFRESH_S": "0.5",
            "T2T_RETRY_DELAYS_S": "[0.5]",
            "T2T_ENVIRONMENT": "development",  # the console's dev sign-in
        },
    )
    async with start_stack(config) as _:
        endpoints = Endpoints.local("127.0.0.1", {s.name: s.port for s in services})
        tally = await play_and_summarise(
            DemoOptions("small", seed=7),
            endpoints,
            PlatformSettings(),
            Console(file=io.StringIO()),
        )
        yield Played(endpoints, prefix, kafka_bootstrap, tally)


@pytest.fixture(scope="module")
async def page(played: Played) -> AsyncIterator[Any]:
    async with playwright_api.async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = await browser.new_page()
        page.set_default_timeout(30_000)
        await page.goto(played.endpoints.ops)
        await page.click("#sign-in")
        await page.check('input[name="role"][value="ops"]')
        await page.check('input[name="areas"][value="*"]')
        await page.click("#dev-sign-in button")
        await playwright_api.expect(page.locator("#status-text")).to_contain_text("live")
        yield page
        await browser.close()


async def test_the_demo_played_every_step(played: Played) -> None:
    funnel = played.tally.funnel()
    assert funnel["received"] == 40
    assert 0 < funnel["joined"] <= funnel["placed"] <= funnel["accepted"] <= 40
    assert funnel["regular_attender"] > 0
    assert played.tally.volunteers["active"] > 0
    assert played.tally.groups_opened == 4


async def test_the_console_funnel_matches_what_the_demo_did(page: Any, played: Played) -> None:
    for stage, count in played.tally.funnel().items():
        assert stage in FUNNEL
        cell = page.locator(f'#funnel tr[data-source="all"] td[data-stage="{stage}"]')
        await playwright_api.expect(cell).to_have_text(re.compile(rf"^{count}\b"))


async def test_a_refused_assignment_is_redriven_from_the_page_and_processed(
    page: Any, played: Played
) -> None:
    """Groups assigns a facilitator just as volunteers pauses them: volunteers dead-letters
    the assignment; once resumed, a redrive from the console makes them active."""
    settings = PlatformSettings()
    async with Api(played.endpoints, settings) as api:
        rng = random.Random(11)
        volunteer = await apply(api, rng, "leeds", 900, date.today())
        no_drop = DropOff(volunteer_leaves_in_screening=0, volunteer_leaves_in_training=0)
        assert await screen_and_train(api, rng, volunteer, date.today(), no_drop, Tally())
        until = (date.today() + timedelta(days=60)).isoformat()
        await api.call(
            "POST", "volunteers", f"/volunteers/{volunteer}/pause", json={"until": until}
        )
        assigned = RecordMaker(prefix=played.prefix).record(
            "groups",
            "FacilitatorAssigned",
            group := "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            upstream(
                "t2t.groups.FacilitatorAssigned.v1",
                {
                    "group_id": group,
                    "area": "leeds",
                    "volunteer_id": volunteer,
                    "group_name": "Headingley Tuesdays",
                    "format": "in_person",
                    "schedule_text": "Weekly on Tuesdays, 18:30-20:00",
                    "venue_name": "Headingley Community Centre",
                    "postcode_district": "LS6",
                },
            ),
            at=datetime.now(UTC),
        )
        await publish(
            played.kafka_bootstrap,
            [(assigned.topic, assigned.key.encode(), assigned.value, assigned.headers)],
        )
        consumer = page.locator("td", has_text=re.compile(r"(^|\.)volunteers$"))
        row = page.locator("#dlq tbody tr", has=consumer)
        await playwright_api.expect(row).to_have_count(1)

        # The feed moves live: the resume shows up without reloading the page.
        await api.call("POST", "volunteers", f"/volunteers/{volunteer}/resume")
        feed = page.locator("#feed tbody")
        await playwright_api.expect(feed).to_contain_text(volunteer)

        await row.get_by_role("button", name="Dry run").click()
        await playwright_api.expect(page.locator("#redrive-plan")).to_contain_text(
            assigned.event_id
        )
        await page.get_by_role("button", name=re.compile(r"^Redrive 1 message")).click()
        await playwright_api.expect(page.locator("#redrive-result")).to_contain_text("Redriven 1")

        async def active() -> bool:
            found = await api.call("GET", "volunteers", f"/volunteers/{volunteer}")
            return bool(found["status"] == "active")

        await eventually(active, within=30)
