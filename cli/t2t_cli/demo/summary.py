"""The demo's closing summary, beside what the operations console counted from the events."""

from __future__ import annotations

import asyncio
import math
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from t2t_cli.demo.client import Api, DemoError
from t2t_cli.demo.tally import FUNNEL, VOLUNTEER_STEPS, Tally


async def console_funnel(
    api: Api, started: datetime, expected: dict[str, int], within_s: float = 30.0
) -> dict[str, int] | None:
    """The console's funnel for referrals received since the demo began, once it has caught
    up with the events; None when no console answers."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    counts: dict[str, int] = {}
    while True:
        minutes = math.ceil((datetime.now(started.tzinfo) - started).total_seconds() / 60) + 1
        try:
            report: dict[str, Any] = await api.call(
                "GET", "ops", "/api/funnel", role="ops", params={"since": f"{minutes}m"}
            )
        except (DemoError, OSError):
            return None
        row = next((r for r in report["rows"] if r["source"] == "all"), None)
        counts = {s["stage"]: s["count"] for s in row["stages"]} if row else {}
        if counts == expected or loop.time() > deadline:
            return counts
        await asyncio.sleep(1.0)


def render(console: Console, tally: Tally, seen: dict[str, int] | None) -> None:
    funnel = tally.funnel()
    areas = sorted({area for area, _ in tally.reached.values()})
    table = Table(title="Referrals: the funnel")
    table.add_column("stage", no_wrap=True)
    for area in areas:
        table.add_column(area, justify="right")
    table.add_column("all", justify="right")
    table.add_column("conversion", justify="right")
    if seen is not None:
        table.add_column("console", justify="right")
    previous = None
    for stage in FUNNEL:
        by_area = [str(tally.funnel(area)[stage]) for area in areas]
        share = f"{funnel[stage] / previous:.0%}" if previous else ""
        cells = [stage.replace("_", " "), *by_area, str(funnel[stage]), share]
        if seen is not None:
            cells.append(str(seen.get(stage, "-")))
        table.add_row(*cells)
        previous = funnel[stage]
    console.print(table)
    people = Table(title="Volunteers and groups")
    people.add_column("")
    people.add_column("count", justify="right")
    for step in VOLUNTEER_STEPS:
        people.add_row(f"volunteers {step}", str(tally.volunteers[step]))
    for reason, count in sorted(tally.leavers.items()):
        people.add_row(f"  left: {reason}", str(count))
    people.add_row("groups opened", str(tally.groups_opened))
    people.add_row("practices in the register", str(tally.practices_registered))
    people.add_row("practices that never referred", str(tally.silent_practices))
    people.add_row("rejected at triage", str(sum(tally.rejected.values())))
    people.add_row("closed unreachable", str(tally.unreachable))
    people.add_row("offers declined", str(tally.declined_offers))
    people.add_row("still on a waiting list", str(tally.waitlisted))
    console.print(people)
    if seen is not None and seen != funnel:
        console.print(
            "[yellow]The console has not caught up with every event yet (or counts an "
            "earlier run in the same window): reload it in a moment.[/yellow]"
        )
