"""The register's rows and lines: members and their marks, in and out of the form."""

from __future__ import annotations

from datetime import datetime
from typing import Any

Json = dict[str, Any]
MARKS = ("present", "apologies", "absent")
PREFIX = "attendance-"


def around(sessions: list[Json], now: datetime, past: int = 4, ahead: int = 4) -> list[Json]:
    """The last few sessions (their registers can be taken) and the next few."""
    marked = [s | {"started": datetime.fromisoformat(s["starts_at"]) <= now} for s in sessions]
    started = [s for s in marked if s["started"]]
    coming = [s for s in marked if not s["started"]]
    return started[-past:] + coming[:ahead]


def rows(placements: list[Json], taken: list[Json], marks: dict[str, str]) -> list[Json]:
    """One row per member: a label that names nobody, and the mark so far."""
    before = {line["referral_id"]: line["attendance"] for line in taken}
    members = [p for p in placements if p.get("status") == "member"]
    return [
        {
            "field": PREFIX + p["referral_id"],
            "label": f"Member {n} (joined {p['joined_at'][:10]}, ref {p['referral_id'][:8]})"
            if p.get("joined_at")
            else f"Member {n} (ref {p['referral_id'][:8]})",
            "mark": marks.get(PREFIX + p["referral_id"]) or before.get(p["referral_id"]),
        }
        for n, p in enumerate(members, start=1)
    ]


def lines(marks: dict[str, str]) -> list[Json]:
    """The API's register lines from the form's marks (unmarked members are left out)."""
    return [
        {"referral_id": field.removeprefix(PREFIX), "attendance": mark}
        for field, mark in marks.items()
        if field.startswith(PREFIX) and mark in MARKS
    ]


def error_fields(sent: list[Json]) -> dict[str, str]:
    """The API names a bad line by its index (`1.referral_id`): point at that member."""
    fields: dict[str, str] = {}
    for n, line in enumerate(sent):
        fields[f"{n}.referral_id"] = PREFIX + line["referral_id"]
        fields[f"{n}.attendance"] = PREFIX + line["referral_id"]
        fields[str(n)] = PREFIX + line["referral_id"]
    return fields
