"""Commissioners' reports as data: JSON, or CSV by `Accept: text/csv` or the `.csv` path."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ops.domain.area_report import AreaReport
from ops.entrypoints.presentation.report_csv import HEADER, filename, report_csv
from ops.entrypoints.report_access import (
    REPORT_ERRORS,
    AreaReader,
    Period,
    Reports,
)

router = APIRouter(prefix="/api/reports", tags=["reports"], responses=REPORT_ERRORS)

CSV_TYPE = "text/csv; charset=utf-8"
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {"example": ",".join(HEADER) + "\r\nreferrals,all,received,42"}},
        "description": "The report; CSV with `Accept: text/csv` or the `.csv` path",
    }
}
DESCRIPTION = (
    "Aggregates only, never a person. Referrals are the cohort received from `from` to `to` "
    "(both included, `YYYY-MM-DD`; either left out means this quarter to date), followed to "
    "wherever they got; waiting list, places and volunteers are as they stood at the end. "
    "Roles: commissioner and coordinator for the areas of their token, ops and admin for any. "
    "CSV columns: `section,label,measure,value`, one figure per line (see the ops README)."
)


def csv_response(report: AreaReport) -> Response:
    return Response(
        report_csv(report),
        media_type=CSV_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename(report)}"'},
    )


@router.get(
    "/areas/{area:path}.csv",
    summary="An area's report over a period, as CSV",
    description=DESCRIPTION,
    response_class=Response,
    responses=CSV_RESPONSE,
)
async def area_report_csv(
    area: str, request: Request, reader: AreaReader, reports: Reports, period: Period
) -> Response:
    return csv_response(await reports.area_report(area, period.start, period.end))


@router.get(
    "/areas/{area:path}",
    summary="An area's report over a period (JSON, or CSV with Accept: text/csv)",
    description=DESCRIPTION,
    response_model=AreaReport,
    responses=CSV_RESPONSE,
)
async def area_report(
    area: str, request: Request, reader: AreaReader, reports: Reports, period: Period
) -> AreaReport | Response:
    report = await reports.area_report(area, period.start, period.end)
    if wants_csv(request.headers.get("accept", "")):
        return csv_response(report)
    return report


def wants_csv(accept: str) -> bool:
    """CSV when asked for by name and JSON is not preferred (listed first)."""
    kinds = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if "text/csv" not in kinds:
        return False
    return "application/json" not in kinds or kinds.index("text/csv") < kinds.index(
        "application/json"
    )
