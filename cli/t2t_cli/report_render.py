"""`t2t report`'s tables: the report's JSON, section by section, as rich tables."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

out = Console()


def share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def amount(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{value:.1f} {unit}"


def pairs(title: str, rows: list[tuple[str, object]]) -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name, value in rows:
        table.add_row(name, str(value))
    return table


def listing(title: str, headers: tuple[str, ...], rows: list[tuple[object, ...]]) -> Table:
    table = Table(*headers, title=title, title_justify="left")
    for column in table.columns[1:]:
        column.justify = "right"
    for row in rows or [("none",) + ("",) * (len(headers) - 1)]:
        table.add_row(*(str(v) for v in row))
    return table


def print_report(report: dict[str, Any]) -> None:
    contact, waiting = report["first_contact"], report["waiting_list"]
    attendance, groups = report["attendance"], report["groups"]
    out.print(
        f"[bold]{report['area']}[/]: {report['period_from']} to {report['period_to']} "
        f"(referrals received: {report['referrals_received']})"
    )
    out.print(
        listing(
            "Referrals by source",
            ("source", "referrals"),
            [(s["label"], s["count"]) for s in report["referrals_by_source"]],
        )
    )
    out.print(
        listing(
            "Referrals by practice",
            ("ODS code", "practice", "referrals"),
            [
                (p["ods_code"], p["name"] or "—", p["referrals"])
                for p in report["referrals_by_practice"]
            ],
        )
    )
    out.print(
        listing(
            "Referrals per week",
            ("week starting", "referrals"),
            [(w["week_start"], w["count"]) for w in report["referrals_per_week"]],
        )
    )
    out.print(
        listing(
            "Funnel",
            ("stage", "referrals", "conversion"),
            [(s["stage"], s["count"], share(s["conversion"])) for s in report["funnel"]],
        )
    )
    out.print(
        pairs(
            "Time to first contact",
            [
                ("contacted", contact["contacted"]),
                ("median", amount(contact["median_hours"], "hours")),
                ("target", amount(contact["target_hours"], "hours")),
                (
                    "within target",
                    f"{contact['within_target']} ({share(contact['share_within_target'])})",
                ),
            ],
        )
    )
    out.print(
        pairs(
            "Waiting list at the end",
            [
                ("waiting", waiting["waiting_at_end"]),
                ("median waited", amount(waiting["median_days_waited"], "days")),
                ("longest waited", amount(waiting["longest_days_waited"], "days")),
            ],
        )
    )
    out.print(
        pairs(
            "Attendance",
            [
                ("sessions recorded", attendance["sessions_recorded"]),
                ("attendances", attendance["attendances"]),
                ("attendance rate", share(attendance["attendance_rate"])),
                ("regular attenders", attendance["regular_attenders"]),
            ],
        )
    )
    out.print(
        listing(
            "Volunteers",
            ("stage", "volunteers"),
            [(s["label"], s["count"]) for s in report["volunteers"]],
        )
    )
    out.print(
        pairs(
            "Groups and places at the end",
            [
                ("groups open", groups["groups_open"]),
                ("places", groups["places"]),
                ("filled", groups["places_filled"]),
                ("free", groups["places_free"]),
            ],
        )
    )
