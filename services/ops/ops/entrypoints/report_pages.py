"""The report pages for people: pick an area and a period, read the charts, take the CSV.

Signed in through the console's sign-in (the session cookie); not signed in goes to sign-in
and comes back. The same access rules as the API: commissioners and coordinators see their
areas, ops and admin every area.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ops.domain.area_report import AreaReport
from ops.domain.report_period import InvalidPeriod, report_period
from ops.domain.report_presets import presets
from ops.entrypoints import report_access as access
from ops.entrypoints.presentation import charts as c
from ops.entrypoints.presentation.svg import number
from ops.entrypoints.report_api import csv_response
from ops.entrypoints.report_templates import templates
from t2t_shared.signin import current_principal
from t2t_shared.signin.guard import SignedIn

router = APIRouter(prefix="/reports", include_in_schema=False)

LABELS = {"from": "From", "to": "To"}


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} days"


HELPERS: dict[str, Any] = {
    "day": c.day,
    "percent": c.percent,
    "number": number,
    "humane": c.humane,
    "days": days,
    "labels": LABELS,
}


def page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, {**HELPERS, **context}, status_code=status_code
    )


def problem(
    request: Request, user: SignedIn | None, status: int, title: str, message: str
) -> HTMLResponse:
    areas = access.readable_areas(user.principal, access.deployment_areas(request)) if user else []
    context = {"title": title, "message": message, "user": user, "areas": areas}
    return page(request, "report_problem.html", context, status)


def sign_in(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/sign-in?next={quote(target)}", status_code=303)


def allowed(request: Request, user: SignedIn, area: str) -> HTMLResponse | None:
    """The page to show instead of the report, or None when this person may read it."""
    try:
        access.check_area(user.principal, area, request)
    except HTTPException as exc:
        title = "Not your area" if exc.status_code == 403 else "Area not found"
        return problem(request, user, exc.status_code, title, str(exc.detail))
    return None


def lands_on_reports(request: Request) -> bool:
    """A commissioner signing in to the console sees their areas' reports instead.

    Coordinators are refused by the console as before (their pages are the portal's), but
    may still open `/reports` themselves.
    """
    user = current_principal(request)
    return user is not None and user.principal.role == "commissioner"


@router.get("")
async def areas(request: Request) -> Response:
    """Where a commissioner lands: their one area's report, or the list of their areas."""
    user = current_principal(request)
    if user is None:
        return sign_in(request)
    if user.principal.role not in access.READERS:
        return problem(request, user, 403, "Not available", "Reports are not open to your role.")
    readable = access.readable_areas(user.principal, access.deployment_areas(request))
    if len(readable) == 1:
        return RedirectResponse(f"/reports/areas/{readable[0]}", status_code=303)
    context = {"title": "Your area reports", "user": user, "areas": readable}
    return page(request, "reports_index.html", context)


async def load(request: Request, area: str) -> tuple[SignedIn | None, Response | AreaReport]:
    user = current_principal(request)
    if user is None:
        return None, sign_in(request)
    refused = allowed(request, user, area)
    if refused is not None:
        return user, refused
    query = request.query_params
    try:
        chosen = report_period(query.get("from") or None, query.get("to") or None, access.today())
        reports = access.area_reports(request)
    except InvalidPeriod as exc:
        return user, report_page(request, user, area, None, {exc.field: exc.reason}, 422)
    except HTTPException as exc:
        return user, problem(request, user, exc.status_code, "Reports unavailable", str(exc.detail))
    return user, await reports.area_report(area, chosen.start, chosen.end)


@router.get("/areas/{area:path}.csv")
async def area_csv(area: str, request: Request) -> Response:
    _, loaded = await load(request, area)
    return csv_response(loaded) if isinstance(loaded, AreaReport) else loaded


@router.get("/areas/{area:path}")
async def area_page(area: str, request: Request) -> Response:
    user, loaded = await load(request, area)
    if not isinstance(loaded, AreaReport) or user is None:
        return loaded if isinstance(loaded, Response) else sign_in(request)
    return report_page(request, user, area, loaded, {}, 200)


def report_page(
    request: Request,
    user: SignedIn,
    area: str,
    report: AreaReport | None,
    errors: dict[str, str],
    status_code: int,
) -> HTMLResponse:
    query = request.query_params
    values = {"from": query.get("from", ""), "to": query.get("to", "")}
    if report is not None:
        values = {"from": report.period_from.isoformat(), "to": report.period_to.isoformat()}
    counts = {s.stage: s.count for s in report.funnel} if report else {}
    context = {
        "title": f"{area.capitalize()} report" if not errors else f"Error: {area} report",
        "user": user,
        "area": area,
        "report": report,
        "charts": c.report_charts(report) if report else [],
        "errors": errors,
        "values": values,
        "presets": [(n, p.start, p.end) for n, p in presets(access.today())],
        "stage": lambda name: counts.get(name, 0),
    }
    return page(request, "report.html", context, status_code)
