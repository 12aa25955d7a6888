"""The console's charts, drawn on the server: referrals per week, funnel bars, lag over time.

Each answer is an HTML `<figure>`: the accessible SVG and its table alternative, which the
console's script places as they are. Ops and admin only, like the rest of the console;
`area` left out means every area added up.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ops.domain.area_report import AreaReport
from ops.domain.report_period import ReportPeriod
from ops.entrypoints.deps import Area, Operator
from ops.entrypoints.presentation.charts import funnel, in_period, referrals_per_week
from ops.entrypoints.presentation.lag_chart import lag_over_time
from ops.entrypoints.presentation.svg import Chart
from ops.entrypoints.report_access import REPORT_ERRORS, History, Period, Reports, deployment_areas
from ops.entrypoints.report_templates import chart_figure
from ops.service_layer.area_report_views import funnel_added, reports_for, weeks_added
from t2t_shared.kernel.clock import utc_now

router = APIRouter(prefix="/api/charts", tags=["console"], responses=REPORT_ERRORS)

FRAGMENT: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/html": {}},
        "description": "A `<figure>`: the SVG chart and, beside it, its table alternative",
    }
}


def fragment(chart: Chart) -> HTMLResponse:
    return HTMLResponse(chart_figure(chart, titled=True), headers={"Cache-Control": "no-store"})


async def combined(
    reports: Reports, request: Request, area: str | None, period: ReportPeriod
) -> AreaReport:
    """One area's report, or every area's added up for the two charts drawn from it."""
    areas = [area] if area else list(deployment_areas(request))
    found = await reports_for(reports, areas, period)
    if len(found) == 1:
        return found[0]
    return replace(
        found[0],
        area="all areas",
        referrals_received=sum(r.referrals_received for r in found),
        referrals_per_week=weeks_added(found),
        funnel=funnel_added(found),
    )


@router.get(
    "/referrals-per-week",
    summary="Referrals per week",
    response_class=HTMLResponse,
    responses=FRAGMENT,
)
async def per_week(
    _: Operator, area: Area, request: Request, reports: Reports, period: Period
) -> HTMLResponse:
    return fragment(referrals_per_week(await combined(reports, request, area, period)))


@router.get(
    "/funnel",
    summary="The referral funnel with conversions",
    response_class=HTMLResponse,
    responses=FRAGMENT,
)
async def funnel_bars(
    _: Operator, area: Area, request: Request, reports: Reports, period: Period
) -> HTMLResponse:
    report = await combined(reports, request, area, period)
    return fragment(funnel(report.funnel, in_period(report)))


@router.get(
    "/lag", summary="Consumer lag over time", response_class=HTMLResponse, responses=FRAGMENT
)
async def lag(
    _: Operator,
    history: History,
    minutes: int = Query(60, ge=1, le=7 * 24 * 60, description="How far back to draw"),
) -> HTMLResponse:
    samples = await history.lag_history(utc_now() - timedelta(minutes=minutes))
    return fragment(lag_over_time(samples))
