"""The report's charts, each with a description that states its point and a table alternative."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ops.domain.area_report import AreaReport, FirstContactSummary, FunnelStep
from ops.entrypoints.presentation.bars import Bar, columns, rows
from ops.entrypoints.presentation.svg import Chart, Table, number

NAMES = {"gp": "GP practice", "self": "Self-referral"}


def humane(name: str) -> str:
    """`attended_first_session` → `Attended first session`; `gp` → `GP practice`."""
    if name in NAMES:
        return NAMES[name]
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} hours"


def place(area: str) -> str:
    """`leeds` → `Leeds`; a phrase such as `all areas` stays as it is."""
    return area if " " in area else area.capitalize()


def in_period(report: AreaReport) -> str:
    return f"in {place(report.area)} from {day(report.period_from)} to {day(report.period_to)}"


def referrals_per_week(report: AreaReport, key: str = "per-week") -> Chart:
    weeks = report.referrals_per_week
    busiest = max(weeks, key=lambda w: w.count, default=None)
    summary = f"{report.referrals_received} referrals received {in_period(report)}"
    if busiest is not None and busiest.count:
        summary += f"; the busiest week began {day(busiest.week_start)} with {busiest.count}"
    table = Table(
        "Referrals received per week",
        ("Week starting (Monday)", "Referrals"),
        tuple((day(w.week_start), str(w.count)) for w in weeks),
    )
    bars = [Bar(f"{w.week_start.day} {w.week_start:%b}", w.count) for w in weeks]
    return columns(
        key,
        "Referrals received per week",
        summary + ".",
        bars,
        x_title="Week starting (Monday)",
        y_title="Referrals",
        table=table,
    )


def referrals_by_source(report: AreaReport, key: str = "by-source") -> Chart:
    total = sum(s.count for s in report.referrals_by_source)
    shares = [(s, s.count / total if total else None) for s in report.referrals_by_source]
    described = ", ".join(f"{humane(s.label)} {s.count} ({percent(p)})" for s, p in shares)
    table = Table(
        "Referrals by source",
        ("Source", "Referrals", "Share"),
        tuple((humane(s.label), str(s.count), percent(p)) for s, p in shares),
    )
    return rows(
        key,
        "Referrals by source",
        f"Referrals {in_period(report)} by source: {described or 'none'}.",
        [Bar(humane(s.label), s.count, percent(p)) for s, p in shares],
        x_title="Referrals",
        table=table,
    )


def funnel(steps: Sequence[FunnelStep], where: str, key: str = "funnel") -> Chart:
    bars, cells = [], []
    for previous, step in zip((None, *steps), steps, strict=False):
        note = ""
        if previous is not None:
            note = f"{percent(step.conversion)} of {humane(previous.stage).lower()}"
        bars.append(Bar(humane(step.stage), step.count, note))
        cells.append((humane(step.stage), str(step.count), percent(step.conversion)))
    journey = "; ".join(f"{b.label} {number(b.value)}" for b in bars)
    return rows(
        key,
        "Referral funnel with conversions",
        f"Referrals {where} at each stage they reached: {journey or 'none'}. "
        "Each conversion is the share of the previous stage.",
        bars,
        x_title="Referrals",
        table=Table(
            "Referral funnel",
            ("Stage", "Referrals", "Conversion from previous stage"),
            tuple(cells),
        ),
    )


def first_contact(report: AreaReport, key: str = "first-contact") -> Chart:
    contact: FirstContactSummary = report.first_contact
    within = (
        f"{contact.within_target} of {contact.contacted} ({percent(contact.share_within_target)})"
    )
    summary = (
        f"Median time to first contact {in_period(report)}: {hours(contact.median_hours)}, "
        f"against a target of {hours(contact.target_hours)}; {within} were contacted "
        "within the target."
    )
    note = "within target" if (contact.median_hours or 0) <= contact.target_hours else "over target"
    bars = [
        Bar("Median", contact.median_hours or 0, note if contact.contacted else "none contacted"),
        Bar("Target", contact.target_hours, "", series=1),
    ]
    table = Table(
        "Time to first contact against the target",
        ("Measure", "Value"),
        (
            ("People contacted", str(contact.contacted)),
            ("Median time to first contact", hours(contact.median_hours)),
            ("Target", hours(contact.target_hours)),
            ("Contacted within target", str(contact.within_target)),
            ("Share within target", percent(contact.share_within_target)),
        ),
    )
    return rows(
        key,
        "Time to first contact against target",
        summary,
        bars,
        x_title="Hours from referral to first contact",
        table=table,
        marker=("Target", contact.target_hours),
    )


def report_charts(report: AreaReport) -> list[Chart]:
    """The report page's charts, in reading order."""
    return [
        referrals_per_week(report),
        referrals_by_source(report),
        funnel(report.funnel, in_period(report)),
        first_contact(report),
    ]
