"""The report as CSV: one long table, `section,label,measure,value`, one figure per line.

A stable layout that opens as it is in a spreadsheet and pivots by section: new figures only
ever add lines, never columns. Shares are fractions (0.85), times are hours or days as the
measure's name says, empty values mean "none to measure". Encoded UTF-8 with a byte-order
mark, which spreadsheet programs need to read practice names correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ops.domain.area_report import AreaReport

HEADER = ("section", "label", "measure", "value")
BOM = "\ufeff"
Line = tuple[str, str, str, object]


def figure(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if not value.is_integer() else f"{value:.0f}"
    return str(value)


def cell(value: str) -> str:
    """Text a spreadsheet would run as a formula is written as text (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def lines(report: AreaReport) -> Iterator[Line]:
    yield ("report", report.area, "from", report.period_from.isoformat())
    yield ("report", report.area, "to", report.period_to.isoformat())
    yield ("report", report.area, "generated_at", report.generated_at.isoformat())
    yield ("referrals", "all", "received", report.referrals_received)
    for source in report.referrals_by_source:
        yield ("referrals_by_source", source.label, "referrals", source.count)
    for practice in report.referrals_by_practice:
        yield ("referrals_by_practice", practice.ods_code, "name", practice.name)
        yield ("referrals_by_practice", practice.ods_code, "referrals", practice.referrals)
    for week in report.referrals_per_week:
        yield ("referrals_per_week", week.week_start.isoformat(), "referrals", week.count)
    for step in report.funnel:
        yield ("funnel", step.stage, "referrals", step.count)
        yield ("funnel", step.stage, "conversion_from_previous", step.conversion)
    contact = report.first_contact
    yield ("first_contact", "all", "contacted", contact.contacted)
    yield ("first_contact", "all", "median_hours", contact.median_hours)
    yield ("first_contact", "all", "target_hours", contact.target_hours)
    yield ("first_contact", "all", "within_target", contact.within_target)
    yield ("first_contact", "all", "share_within_target", contact.share_within_target)
    waiting = report.waiting_list
    yield ("waiting_list", "all", "waiting_at_end", waiting.waiting_at_end)
    yield ("waiting_list", "all", "median_days_waited", waiting.median_days_waited)
    yield ("waiting_list", "all", "longest_days_waited", waiting.longest_days_waited)
    attendance = report.attendance
    yield ("attendance", "all", "sessions_recorded", attendance.sessions_recorded)
    yield ("attendance", "all", "attendances", attendance.attendances)
    yield ("attendance", "all", "attendance_rate", attendance.attendance_rate)
    yield ("attendance", "all", "regular_attenders", attendance.regular_attenders)
    for stage in report.volunteers:
        yield ("volunteers", stage.label, "volunteers", stage.count)
    groups = report.groups
    yield ("groups", "all", "groups_open", groups.groups_open)
    yield ("groups", "all", "places", groups.places)
    yield ("groups", "all", "places_filled", groups.places_filled)
    yield ("groups", "all", "places_free", groups.places_free)


def report_csv(report: AreaReport, *, bom: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for section, label, measure, value in lines(report):
        writer.writerow((section, cell(label), measure, cell(figure(value))))
    return (BOM if bom else "") + out.getvalue()


def filename(report: AreaReport) -> str:
    return f"t2t-report-{report.area}-{report.period_from}-to-{report.period_to}.csv"
