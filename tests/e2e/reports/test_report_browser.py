"""The report pages in real Chromium: a commissioner signs in, lands on their area's report,
picks a period, and axe finds no serious or critical violation; the console draws its charts.

Fakes stand in for the report ports (the projections' own tests cover the figures); under
`CI=true` a missing Chromium fails, elsewhere these tests skip and say why.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ops.domain.area_report import LagSample
from tests.e2e.portal.browser import assert_accessible
from tests.fixtures.area_reports import FakeAreaReports, FakeLagHistory
from tests.fixtures.ops_reports_server import serving_ops
from tests.fixtures.tools import PLAYWRIGHT, require_module, require_tool

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
async def browser_page() -> AsyncIterator[tuple[str, Any]]:
    require_module("playwright.async_api", PLAYWRIGHT)
    chromium = require_tool("chromium", "apt-get install chromium (Debian's package)")
    from playwright.async_api import async_playwright

    now = datetime.now(UTC)
    lag = FakeLagHistory(
        [
            LagSample(now - timedelta(minutes=30 - i), group, (i * 7) % 25 if n else 2)
            for i in range(30)
            for n, group in enumerate(("t2t.referrals", "t2t.notifications"))
        ]
    )
    async with serving_ops(FakeAreaReports(), lag) as base, async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=ARGS)
        page = await browser.new_page(base_url=base)
        yield base, page
        await browser.close()


async def sign_in(page: Any, role: str, *areas: str) -> None:
    await page.goto("/sign-in?next=/")
    await page.check(f'input[name="role"][value="{role}"]')
    for area in areas:
        await page.check(f'input[name="areas"][value="{area}"]')
    await page.fill("#name", "Priya Shah")
    await page.click("button:text('Sign in')")


async def test_a_commissioner_lands_on_an_accessible_report(
    browser_page: tuple[str, Any],
) -> None:
    _, page = browser_page
    await sign_in(page, "commissioner", "leeds")
    await page.wait_for_url("**/reports/areas/leeds")
    await page.fill("#from", "2026-01-01")
    await page.fill("#to", "2026-03-31")
    await page.click("button:text('Show the report')")
    await page.wait_for_url("**/reports/areas/leeds?from=2026-01-01&to=2026-03-31")
    assert await page.locator("h1").inner_text() == "Leeds: 1 Jan 2026 to 31 Mar 2026"
    assert await page.locator("svg[role=img]").count() == 4
    assert await page.locator("table.chart-table").count() == 4
    assert "137" in await page.locator("[data-testid=figures]").inner_text()
    await assert_accessible(page, "area report")

    await page.goto("/reports/areas/leeds?from=2026-04-01&to=2026-03-31")
    assert "There is a problem" in await page.content()
    await assert_accessible(page, "area report with a bad period")

    await page.goto("/reports/areas/york")
    assert "does not cover the area" in await page.content()
    await assert_accessible(page, "area report refused")


async def test_the_console_draws_its_charts_for_ops(browser_page: tuple[str, Any]) -> None:
    _, page = browser_page
    await sign_in(page, "ops", "*")
    await page.wait_for_url("**/")
    for chart in ("chart-per-week", "chart-funnel", "chart-lag"):
        figure = page.locator(f"[data-testid={chart}] figure svg[role=img]")
        await figure.wait_for(timeout=20_000)
        assert await page.locator(f"[data-testid={chart}] table.chart-table").count() == 1
    lag_text = await page.locator("[data-testid=chart-lag]").inner_text()
    assert "t2t.notifications" in lag_text
    await assert_accessible(page, "console with charts")
