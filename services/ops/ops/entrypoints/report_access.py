"""Who may read an area's report, over which period, and where reports come from.

Every reader, whatever the role, reads the areas their token names ('*' for every area).
Every route reads the ports the app was given; without them it answers 503, never a guess.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request

from ops.domain.area_report import AreaReports, LagHistory
from ops.domain.report_period import InvalidPeriod, ReportPeriod, report_period
from ops.entrypoints.deps import unprocessable
from t2t_shared.auth import ALL_AREAS, Principal, Role
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.security import require_roles
from t2t_shared.kernel.clock import utc_now

READERS: tuple[Role, ...] = ("commissioner", "coordinator", "ops", "admin")

Reader = Annotated[Principal, Depends(require_roles(*READERS))]

REPORT_ERRORS: dict[int | str, dict[str, Any]] = {
    **STANDARD_ERRORS,
    404: {"model": Problem, "description": "This deployment has no such area"},
    503: {"model": Problem, "description": "The report projections are not set up"},
}


def deployment_areas(request: Request) -> tuple[str, ...]:
    return tuple(request.app.state.container.settings.areas)


def readable_areas(principal: Principal, known: tuple[str, ...]) -> list[str]:
    """The areas whose reports this person may read, in the deployment's order."""
    if ALL_AREAS in principal.areas:
        return list(known)
    return [a for a in known if a in principal.areas]


def forbidden_area(principal: Principal, area: str) -> str | None:
    """Why this person may not read this area's report, or None when they may."""
    if principal.role not in READERS:
        return f"Role '{principal.role}' may not read reports"
    if not principal.covers_area(area):
        return f"Your access does not cover the area '{area}'"
    return None


def area_known(request: Request, area: str) -> bool:
    """An area this deployment reports on (the one place to learn national `region/area`)."""
    return area in deployment_areas(request)


def check_area(principal: Principal, area: str, request: Request) -> None:
    """403 out of scope first, so an unknown area tells an outsider nothing; then 404."""
    reason = forbidden_area(principal, area)
    if reason:
        raise HTTPException(403, reason)
    if not area_known(request, area):
        known = ", ".join(deployment_areas(request))
        raise HTTPException(404, f"No area '{area}' here; this deployment has: {known}")


def area_reader(area: str, request: Request, reader: Reader) -> Principal:
    """The reader, once the area is theirs: a dependency, so it is decided before the period
    is validated and an outsider never learns which periods would have been refused."""
    check_area(reader, area, request)
    return reader


AreaReader = Annotated[Principal, Depends(area_reader)]


def area_reports(request: Request) -> AreaReports:
    reports = getattr(request.app.state, "area_reports", None)
    if reports is None:
        raise HTTPException(503, "Reports are not available: the report projections are not set up")
    return reports  # type: ignore[no-any-return]


def lag_history(request: Request) -> LagHistory:
    history = getattr(request.app.state, "lag_history", None)
    if history is None:
        raise HTTPException(503, "Lag history is not available: the projections are not set up")
    return history  # type: ignore[no-any-return]


def today() -> date:
    return utc_now().date()


async def period(
    start: str | None = Query(
        None, alias="from", examples=["2026-01-01"], description="First day, YYYY-MM-DD"
    ),
    end: str | None = Query(
        None, alias="to", examples=["2026-03-31"], description="Last day (included), YYYY-MM-DD"
    ),
) -> ReportPeriod:
    """From `from` and `to`; either left out means this quarter to date."""
    try:
        return report_period(start, end, today())
    except InvalidPeriod as exc:
        raise unprocessable(exc.field, exc.reason) from exc


Reports = Annotated[AreaReports, Depends(area_reports)]
History = Annotated[LagHistory, Depends(lag_history)]
Period = Annotated[ReportPeriod, Depends(period)]
