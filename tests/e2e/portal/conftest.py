"""The portal's browser tests: one stack for the session (the services as processes, started
as `t2t up` starts them, on databases and topics of their own), real Chromium, axe on every
page, keyboard-only journeys.

The one exception to a stack per test module: a stack costs about 20 s to start, and a stack
per module put three minutes on every run. Each module instead finds only what it made (its
own email addresses, references and group) and never counts the shared listings whole, so no
module depends on what another made or on the order they run in.

Under `CI=true` a missing Chromium fails the run; elsewhere the browser tests skip and say
why (`apt-get install chromium`)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest

from t2t_cli.demo.client import Api, Endpoints
from t2t_cli.demo.opening import group_body
from t2t_cli.demo.plan import DropOff
from t2t_cli.demo.recruiting import apply, screen_and_train
from t2t_cli.demo.tally import Tally
from t2t_cli.stack.common import free_port
from t2t_cli.stack.config import ServiceSpec, StackConfig
from t2t_cli.stack.up import start_stack
from t2t_shared.settings import PlatformSettings
from tests.e2e.portal.browser import AXE_RESULTS, JOURNEYS, PortalStack
from tests.fixtures.services import STACK_ENV, stack_databases, unique_prefix
from tests.fixtures.tools import PLAYWRIGHT, require_module, require_tool

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STACK_SERVICES = ("referrals", "groups", "volunteers", "notifications", "portal")


def chromium_path() -> str:
    """Chromium, or a skip (a failure under CI=true) naming what to install."""
    return require_tool("chromium", "apt-get install chromium (Debian's package)")


@pytest.fixture(scope="session")
def chromium() -> str:
    require_module("playwright.async_api", PLAYWRIGHT)
    return chromium_path()


@pytest.fixture(scope="session")
async def portal_stack(
    chromium: str,
    postgres_dsn: str,
    kafka_bootstrap: str,
    smtp_catcher: Any,
    fresh_database: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[PortalStack]:
    """Referrals, groups, volunteers, notifications and the portal as `t2t up` runs them."""
    services = tuple(ServiceSpec(name, name, free_port()) for name in STACK_SERVICES)
    prefix = unique_prefix()
    home = tmp_path_factory.mktemp("t2t-portal")
    config = StackConfig(
        home=home,
        postgres_dsn=postgres_dsn,
        kafka_bootstrap=kafka_bootstrap,
        smtp_host=smtp_catcher.host,
        smtp_port=smtp_catcher.port,
        services=services,
        extra_env={
            **STACK_ENV,
            **stack_databases(fresh_database, services),
            "T2T_ENVIRONMENT": "development",
            "T2T_TOPIC_PREFIX": prefix,
            "T2T_SMS_QUIET_HOURS": "",
            "T2T_DISPATCH_POLL_INTERVAL_S": "0.2",
            "T2T_RETRY_DELAYS_S": "[0.5]",
            # Every browser test comes from 127.0.0.1: the public forms' limits would bite.
            "T2T_SELF_REFERRALS_PER_MINUTE": "1000",
            "T2T_SELF_REFERRALS_BURST": "100",
            "T2T_APPLICATION_RATE_PER_MINUTE": "1000",
            "T2T_APPLICATION_BURST": "100",
            "T2T_OFFER_ANSWER_RATE_PER_MINUTE": "1000",
        },
    )
    async with start_stack(config) as (_, info):
        ports = {spec.name: spec.port for spec in services}
        endpoints = Endpoints.local(info.host, ports)
        async with Api(endpoints, PlatformSettings()) as api:
            yield PortalStack(
                portal=f"http://{info.host}:{ports['portal']}",
                endpoints=endpoints,
                api=api,
                smtp=smtp_catcher,
                sms_sink=info.sms_sink,
                prefix=prefix,
            )


@pytest.fixture(scope="module")
async def open_group(portal_stack: PortalStack) -> dict[str, Any]:
    """An open in-person group in Leeds with room, led by a trained facilitator."""
    api = portal_stack.api
    rng = random.Random(2026)
    today = date.today()
    volunteer = await apply(api, rng, "leeds", 1, today)
    no_drop = DropOff(volunteer_leaves_in_screening=0, volunteer_leaves_in_training=0)
    assert await screen_and_train(api, rng, volunteer, today, no_drop, Tally())
    body = group_body(rng, "leeds", 0, [volunteer]) | {"capacity": 30}
    group: dict[str, Any] = await api.call(
        "POST", "groups", "/groups", json=body, wait_while=(422,)
    )
    await api.call("POST", "groups", f"/groups/{group['id']}/open", wait_while=(409, 422))
    return group | {"facilitator_id": volunteer}


@pytest.fixture(scope="session")
async def browser(chromium: str) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        launched = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Any, portal_stack: PortalStack) -> AsyncIterator[Any]:
    """A fresh browser context (no cookies) on the portal."""
    context = await browser.new_context(base_url=portal_stack.portal)
    opened = await context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    await context.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if JOURNEYS:
        terminalreporter.section("portal journeys (wall time)")
        for name, seconds in JOURNEYS.items():
            terminalreporter.write_line(f"{seconds:7.1f}s  {name}")
    if AXE_RESULTS:
        terminalreporter.section("axe: serious or critical violations per page")
        for name, count in AXE_RESULTS.items():
            terminalreporter.write_line(f"{count:3d}  {name}")
