"""The report page a commissioner lands on after signing in: figures, charts, CSV, scope."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.entrypoints.app import create_app
from tests.fixtures.area_reports import FakeAreaReports

QUARTER = "from=2026-01-01&to=2026-03-31"


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        environment="development",
        database_url="postgresql://nobody@127.0.0.1:1/none",
        kafka_bootstrap="127.0.0.1:1",
    )
    ops = create_app(bootstrap(settings))
    ops.state.area_reports = FakeAreaReports()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(ops), base_url="http://ops"
    ) as client:
        yield client


async def sign_in(client: httpx.AsyncClient, role: str, *areas: str) -> httpx.Response:
    form = (await client.get("/sign-in")).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert found
    data = {"csrf_token": found.group(1), "role": role, "areas": list(areas), "name": "Priya"}
    return await client.post("/sign-in/dev", data={**data, "next": "/"})


async def test_a_commissioner_lands_on_the_report_of_their_area(
    client: httpx.AsyncClient,
) -> None:
    assert 'value="commissioner"' in (await client.get("/sign-in")).text
    signed = await sign_in(client, "commissioner", "leeds")
    assert signed.headers["location"] == "/"
    home = await client.get("/")
    assert (home.status_code, home.headers["location"]) == (303, "/reports")
    landing = await client.get("/reports")
    assert landing.headers["location"] == "/reports/areas/leeds"
    page = await client.get(f"/reports/areas/leeds?{QUARTER}")
    assert page.status_code == 200
    html = page.text
    assert "Leeds: 1 Jan 2026 to 31 Mar 2026" in html
    for figure in ("137", "83", "88%", "Hyde Park Surgery", "B82005", "26.5 hours"):
        assert figure in html, figure
    assert html.count('role="img"') == 4
    assert html.count('class="chart-table"') == 4
    assert f"/reports/areas/leeds.csv?{QUARTER.replace('&', '&amp;')}" in html


async def test_several_areas_get_a_list_and_other_areas_are_refused(
    client: httpx.AsyncClient,
) -> None:
    await sign_in(client, "commissioner", "leeds", "york")
    listing = await client.get("/reports")
    assert listing.status_code == 200
    assert 'href="/reports/areas/leeds"' in listing.text
    assert 'href="/reports/areas/york"' in listing.text
    assert 'href="/reports/areas/bradford"' not in listing.text
    refused = await client.get("/reports/areas/bradford")
    assert refused.status_code == 403
    assert "does not cover the area" in refused.text
    assert "137" not in refused.text


async def test_bad_dates_show_the_form_again_with_the_problem(client: httpx.AsyncClient) -> None:
    await sign_in(client, "commissioner", "leeds")
    page = await client.get("/reports/areas/leeds?from=31-01-2026&to=2026-03-31")
    assert page.status_code == 422
    assert "There is a problem" in page.text
    assert 'href="#from"' in page.text
    assert "YYYY-MM-DD" in page.text
    assert 'role="img"' not in page.text


async def test_the_csv_downloads_with_the_session(client: httpx.AsyncClient) -> None:
    assert (await client.get(f"/reports/areas/leeds.csv?{QUARTER}")).status_code == 303
    await sign_in(client, "commissioner", "leeds")
    sheet = await client.get(f"/reports/areas/leeds.csv?{QUARTER}")
    assert sheet.headers["content-type"].startswith("text/csv")
    assert "funnel,joined,referrals,83" in sheet.text


async def test_not_signed_in_goes_to_sign_in_and_back(client: httpx.AsyncClient) -> None:
    page = await client.get(f"/reports/areas/leeds?{QUARTER}")
    assert page.status_code == 303
    assert page.headers["location"] == (
        "/sign-in?next=/reports/areas/leeds%3Ffrom%3D2026-01-01%26to%3D2026-03-31"
    )


async def test_ops_still_get_the_console_and_read_any_area(client: httpx.AsyncClient) -> None:
    await sign_in(client, "ops", "*")
    home = await client.get("/")
    assert home.status_code == 200
    assert 'id="charts"' in home.text
    assert (await client.get("/reports/areas/york")).status_code == 200


async def test_a_coordinator_is_not_sent_away_from_the_console(client: httpx.AsyncClient) -> None:
    await sign_in(client, "coordinator", "leeds")
    home = await client.get("/")
    assert home.status_code == 200
    assert 'id="console"' in home.text
    assert (await client.get("/reports/areas/leeds")).status_code == 200


async def test_without_the_report_port_the_page_says_so() -> None:
    settings = Settings(
        environment="development",
        database_url="postgresql://nobody@127.0.0.1:1/none",
        kafka_bootstrap="127.0.0.1:1",
    )
    ops = create_app(bootstrap(settings))
    ops.state.area_reports = None
    del ops.state.area_reports  # as an app would be that was never given the port
    transport = httpx.ASGITransport(ops)
    async with httpx.AsyncClient(transport=transport, base_url="http://ops") as client:
        await sign_in(client, "commissioner", "leeds")
        page = await client.get("/reports/areas/leeds")
    assert page.status_code == 503
    assert "Reports unavailable" in page.text


async def test_a_commissioner_reads_no_console_data(client: httpx.AsyncClient) -> None:
    """The feed, dead letters and the rest stay for ops: a commissioner sees reports only."""
    await sign_in(client, "commissioner", "*")
    session = (await client.get("/session/token")).json()
    bearer = {"Authorization": f"Bearer {session['token']}"}
    for path in ("/api/feed", "/api/dlq", "/api/funnel", "/api/capacity", "/api/charts/lag"):
        assert (await client.get(path, headers=bearer)).status_code == 403, path
    report = await client.get(f"/api/reports/areas/york?{QUARTER}", headers=bearer)
    assert report.status_code == 200
