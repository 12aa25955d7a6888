"""`GET /api/reports/areas/{area}`: JSON and CSV from the report port, scoped to the token."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.entrypoints.app import create_app
from tests.fixtures.area_reports import FakeAreaReports
from tests.fixtures.services import auth

LEEDS = auth("commissioner", ["leeds"])
QUARTER = "from=2026-01-01&to=2026-03-31"


def app(reports: FakeAreaReports | None) -> httpx.AsyncClient:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", kafka_bootstrap="127.0.0.1:1"
    )
    ops = create_app(bootstrap(settings))
    ops.state.area_reports = reports
    if reports is None:  # as an app would be that was never given the port
        del ops.state.area_reports
    return httpx.AsyncClient(transport=httpx.ASGITransport(ops), base_url="http://ops")


@pytest.fixture
def reports() -> FakeAreaReports:
    return FakeAreaReports()


@pytest.fixture
async def client(reports: FakeAreaReports) -> AsyncIterator[httpx.AsyncClient]:
    async with app(reports) as client:
        yield client


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "a byte-order mark, so spreadsheets read UTF-8"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


async def test_json_carries_the_figures_for_the_period_asked(
    client: httpx.AsyncClient, reports: FakeAreaReports
) -> None:
    answer = await client.get(f"/api/reports/areas/leeds?{QUARTER}", headers=LEEDS)
    assert answer.status_code == 200
    body = answer.json()
    assert reports.asked == [("leeds", date(2026, 1, 1), date(2026, 3, 31))]
    assert (body["area"], body["period_from"], body["period_to"]) == (
        "leeds",
        "2026-01-01",
        "2026-03-31",
    )
    assert body["referrals_received"] == 137
    assert body["referrals_by_practice"][0] == {
        "ods_code": "B82005",
        "name": "Hyde Park Surgery",
        "referrals": 31,
    }
    joined = next(s for s in body["funnel"] if s["stage"] == "joined")
    assert joined == {"stage": "joined", "count": 83, "conversion": 0.8557}
    assert body["first_contact"]["share_within_target"] == 0.8807
    assert body["groups"]["places_free"] == 7


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        (f"/api/reports/areas/leeds.csv?{QUARTER}", {}),
        (f"/api/reports/areas/leeds?{QUARTER}", {"Accept": "text/csv"}),
    ],
)
async def test_csv_by_suffix_or_accept_header(
    client: httpx.AsyncClient, path: str, headers: dict[str, str]
) -> None:
    answer = await client.get(path, headers={**LEEDS, **headers})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "t2t-report-leeds-2026-01-01-to-2026-03-31.csv" in answer.headers["content-disposition"]
    table = rows(answer.text)
    assert table[0] == ["section", "label", "measure", "value"]
    assert ["referrals", "all", "received", "137"] in table
    assert ["referrals_by_source", "gp", "referrals", "94"] in table
    assert ["referrals_by_practice", "B82005", "name", "Hyde Park Surgery"] in table
    assert ["funnel", "joined", "referrals", "83"] in table
    assert ["funnel", "joined", "conversion_from_previous", "0.8557"] in table
    assert ["first_contact", "all", "median_hours", "26.5"] in table
    assert ["referrals_per_week", "2026-01-05", "referrals", "12"] in table
    assert ["volunteers", "trained", "volunteers", "14"] in table
    assert all(len(row) == 4 for row in table)


async def test_json_stays_the_default_when_preferred(client: httpx.AsyncClient) -> None:
    answer = await client.get(
        f"/api/reports/areas/leeds?{QUARTER}",
        headers={**LEEDS, "Accept": "application/json, text/csv;q=0.5"},
    )
    assert answer.headers["content-type"].startswith("application/json")


async def test_roles_and_areas(client: httpx.AsyncClient) -> None:
    path = f"/api/reports/areas/york?{QUARTER}"
    assert (await client.get(path)).status_code == 401
    outside = await client.get(path, headers=LEEDS)
    assert outside.status_code == 403
    assert "york" in outside.json()["detail"]
    assert (
        await client.get(f"{path}".replace("york", "york.csv", 1), headers=LEEDS)
    ).status_code == 403
    assert (await client.get(path, headers=auth("referrer", ["york"], "B82005"))).status_code == 403
    assert (await client.get(path, headers=auth("coordinator", ["york"]))).status_code == 200
    assert (await client.get(path, headers=auth("commissioner", ["*"]))).status_code == 200
    assert (await client.get(path, headers=auth("ops", ["*"]))).status_code == 200
    unknown = await client.get(
        f"/api/reports/areas/atlantis?{QUARTER}", headers=auth("admin", ["*"])
    )
    # An area this deployment does not have is bad input, as in every service.
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"].endswith("area")
    regional = await client.get(
        "/api/reports/areas/west-yorkshire/leeds.csv", headers=auth("ops", ["*"])
    )
    assert regional.status_code == 422, "a region-qualified name reaches the area check"


@pytest.mark.parametrize(
    ("query", "field", "reason"),
    [
        ("from=2026-1-01&to=2026-03-31", "from", "YYYY-MM-DD"),
        ("from=01/01/2026&to=2026-03-31", "from", "YYYY-MM-DD"),
        ("from=20260101&to=2026-03-31", "from", "YYYY-MM-DD"),
        ("from=2026-01-01&to=2026-02-30", "to", "not a real date"),
        ("from=2026-04-01&to=2026-03-31", "to", "before from"),
        ("from=1900-01-01&to=2026-03-31", "to", "longer than five years"),
    ],
)
async def test_bad_dates_are_422_naming_the_field(
    client: httpx.AsyncClient, reports: FakeAreaReports, query: str, field: str, reason: str
) -> None:
    answer = await client.get(f"/api/reports/areas/leeds?{query}", headers=LEEDS)
    assert answer.status_code == 422
    [problem] = answer.json()["errors"]
    assert problem["field"] == field
    assert reason in problem["reason"]
    assert reports.asked == []


async def test_an_empty_period_gives_zeros() -> None:
    async with app(FakeAreaReports(empty=True)) as client:
        body = (await client.get(f"/api/reports/areas/leeds?{QUARTER}", headers=LEEDS)).json()
        table = rows(
            (await client.get(f"/api/reports/areas/leeds.csv?{QUARTER}", headers=LEEDS)).text
        )
    assert body["referrals_received"] == 0
    assert [s["count"] for s in body["funnel"]] == [0] * 7
    assert body["first_contact"]["median_hours"] is None
    assert ["referrals", "all", "received", "0"] in table
    assert ["funnel", "joined", "referrals", "0"] in table
    assert ["first_contact", "all", "median_hours", ""] in table


async def test_without_the_report_port_the_answer_is_503() -> None:
    async with app(None) as client:
        answer = await client.get(f"/api/reports/areas/leeds?{QUARTER}", headers=LEEDS)
    assert answer.status_code == 503
    assert "not available" in answer.json()["detail"]


async def test_the_period_defaults_to_this_quarter_so_far(
    client: httpx.AsyncClient, reports: FakeAreaReports
) -> None:
    assert (await client.get("/api/reports/areas/leeds", headers=LEEDS)).status_code == 200
    [(_, start, end)] = reports.asked
    assert start.day == 1
    assert start.month in (1, 4, 7, 10)
    assert start <= end
    assert (end - start).days < 92
