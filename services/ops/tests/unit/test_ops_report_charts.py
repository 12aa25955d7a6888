"""The SVG charts: named by title and desc, a table alternative, values written, no colour-only
meaning; the console's chart fragments; and the CSV's defences."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import httpx

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.domain.area_report import LagSample
from ops.entrypoints.app import create_app
from ops.entrypoints.presentation.charts import first_contact, report_charts
from ops.entrypoints.presentation.lag_chart import lag_over_time
from ops.entrypoints.presentation.report_csv import report_csv
from ops.entrypoints.presentation.svg import Chart
from tests.fixtures.area_reports import FakeAreaReports, FakeLagHistory, empty_period, leeds_quarter
from tests.fixtures.services import auth

SVG = "{http://www.w3.org/2000/svg}"
QUARTER = (date(2026, 1, 1), date(2026, 3, 31))


def parsed(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_every_chart_is_a_named_image_with_its_table() -> None:
    charts = report_charts(leeds_quarter("leeds", *QUARTER))
    assert [c.key for c in charts] == ["per-week", "by-source", "funnel", "first-contact"]
    for chart in charts:
        root = parsed(chart)
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None
        assert desc is not None
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text == chart.title
        assert desc.text
        assert "Leeds" in desc.text
        assert chart.table.rows, chart.key
        assert all(len(row) == len(chart.table.headers) for row in chart.table.rows)


def test_values_are_written_on_the_bars_and_match_the_table() -> None:
    per_week, by_source, funnel, _ = report_charts(leeds_quarter("leeds", *QUARTER))
    written = texts(parsed(per_week))
    for _, count in per_week.table.rows:
        assert count in written
    assert "Week starting (Monday)" in written
    assert "Referrals" in written
    assert "94 (69%)" in texts(parsed(by_source))
    funnel_text = texts(parsed(funnel))
    assert "137" in funnel_text
    assert "83 (86% of placed)" in funnel_text
    assert ("Joined", "83", "86%") in funnel.table.rows
    assert "Received 137" in funnel.description


def test_the_target_differs_by_pattern_and_label_not_colour_alone() -> None:
    chart = first_contact(leeds_quarter("leeds", *QUARTER))
    root = parsed(chart)
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("height") == "24.0"]
    assert fills == ["#00695c", "url(#first-contact-hatch)"]
    assert root.find(f".//{SVG}pattern[@id='first-contact-hatch']") is not None
    assert {"Median", "Target", "Target: 48", "26.5 (within target)"} <= set(texts(root))
    assert ("Share within target", "88%") in chart.table.rows
    assert "26.5 hours, against a target of 48.0 hours" in chart.description


def test_an_empty_period_draws_empty_charts_with_zeros() -> None:
    charts = report_charts(empty_period("york", *QUARTER))
    for chart in charts:
        parsed(chart)  # still well-formed
    per_week, _, funnel, contact = charts
    assert "No figures in this period" in texts(parsed(per_week))
    assert ("Received", "0", "—") in funnel.table.rows
    assert ("Median time to first contact", "—") in contact.table.rows


def test_text_is_escaped_inside_the_svg() -> None:
    chart = report_charts(leeds_quarter("<script>", *QUARTER))[0]
    assert "<script>" not in chart.svg
    parsed(chart)


def test_lag_lines_differ_by_dash_and_are_named_at_their_ends() -> None:
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    samples = [
        LagSample(start + timedelta(seconds=5 * i), group, lag)
        for i in range(200)
        for group, lag in (("t2t.groups", i % 40), ("t2t.notifications", 3))
    ]
    chart = lag_over_time(samples)
    root = parsed(chart)
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert len({line.get("stroke-dasharray") for line in lines}) == 2
    assert any(t.startswith("t2t.groups: ") for t in texts(root))
    assert chart.table.headers == ("Time (UTC)", "t2t.groups", "t2t.notifications")
    assert len(chart.table.rows) <= 48
    assert max(int(row[1]) for row in chart.table.rows) == 39, "a spike is never averaged away"
    assert "No samples yet" in texts(parsed(lag_over_time([])))


def test_csv_cells_cannot_run_as_formulas() -> None:
    text = report_csv(leeds_quarter("=HYPERLINK(1)", *QUARTER), bom=False)
    assert "'=HYPERLINK(1)" in text
    assert not text.startswith("\ufeff")


async def test_console_charts_are_for_ops_and_carry_their_tables() -> None:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", kafka_bootstrap="127.0.0.1:1"
    )
    app = create_app(bootstrap(settings))
    reports = FakeAreaReports()
    app.state.area_reports = reports
    now = datetime.now(UTC)
    app.state.lag_history = FakeLagHistory([LagSample(now, "t2t.referrals", 12)])
    transport = httpx.ASGITransport(app)
    ops = auth("ops", ["*"])
    async with httpx.AsyncClient(transport=transport, base_url="http://ops") as client:
        week = await client.get(
            "/api/charts/referrals-per-week?area=leeds&from=2026-01-01&to=2026-03-31", headers=ops
        )
        everywhere = await client.get(
            "/api/charts/funnel?from=2026-01-01&to=2026-03-31", headers=ops
        )
        lag = await client.get("/api/charts/lag?minutes=30", headers=ops)
        refused = await client.get("/api/charts/funnel", headers=auth("commissioner", ["leeds"]))
        bad = await client.get("/api/charts/funnel?from=2026-13-01", headers=ops)
    assert week.status_code == 200
    assert 'role="img"' in week.text
    assert 'class="chart-table"' in week.text
    assert "<td>12</td>" in week.text
    # Every area added up: six areas, each with 137 received and 83 joined.
    assert "Received 822" in everywhere.text
    assert "Joined 498" in everywhere.text
    assert "t2t.referrals: 12" in lag.text
    assert refused.status_code == 403
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "from"
