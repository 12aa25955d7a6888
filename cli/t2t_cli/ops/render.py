"""Rich tables for people; `--json` output is plain JSON for scripts."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from ops.domain.dlq import DlqGroup
from ops.domain.funnel import FunnelReport
from ops.domain.lag import GroupLag
from ops.domain.observed import ObservedEvent

out = Console()
err = Console(stderr=True)


def to_json(value: Any) -> str:
    def default(o: Any) -> Any:
        if isinstance(o, datetime):
            return o.isoformat()
        if is_dataclass(o) and not isinstance(o, type):
            return asdict(o)
        if isinstance(o, bytes):
            return o.decode(errors="replace")
        return str(o)

    data = asdict(value) if is_dataclass(value) and not isinstance(value, type) else value
    return json.dumps(data, default=default)


def event_line(event: ObservedEvent) -> dict[str, Any]:
    """What `events tail` shows of an event: its envelope and area, never its data."""
    return {
        "time": event.time.isoformat(),
        "type": event.type,
        "service": event.service,
        "area": event.area,
        "subject": event.subject,
        "id": event.id,
        "topic": event.topic,
        "partition": event.partition,
        "offset": event.offset,
    }


def print_event(event: ObservedEvent) -> None:
    out.print(
        f"[dim]{event.time:%Y-%m-%d %H:%M:%S}[/] [bold]{event.service:<13}[/] "
        f"{event.name:<24} {event.area or '—':<10} [cyan]{event.subject or '—'}[/]",
        highlight=False,
    )


def pct(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def funnel_table(report: FunnelReport) -> Table:
    title = f"Referral funnel · {report.area or 'all areas'}"
    if report.since:
        title += f" · since {report.since:%Y-%m-%d %H:%M}"
    table = Table(title=title)
    table.add_column("source")
    for stage in report.rows[0].stages:
        table.add_column(stage.stage.replace("_", " "), justify="right")
    for row in report.rows:
        cells = [
            f"{c.count}" + (f" [dim]{pct(c.conversion)}[/]" if c.conversion is not None else "")
            for c in row.stages
        ]
        table.add_row(row.source, *cells)
    contact = report.first_contact
    median = "—" if contact.median_seconds is None else f"{contact.median_seconds / 3600:.1f} h"
    table.caption = (
        f"first contact: median {median}, {pct(contact.within_target_share)} within target "
        f"({contact.within_target} of {contact.contacted})"
    )
    return table


def lag_table(lags: list[GroupLag]) -> Table:
    table = Table(title="Consumer lag")
    for name in ("group", "events behind", "oldest waiting", "partitions", "trend"):
        table.add_column(name, justify="left" if name == "group" else "right")
    for lag in lags:
        age = "—" if lag.seconds is None else f"{lag.seconds:.1f} s"
        trend = "[red]▲ rising[/]" if lag.rising else "steady"
        table.add_row(lag.group, str(lag.messages), age, str(len(lag.partitions)), trend)
    return table


def dlq_table(groups: list[DlqGroup]) -> Table:
    table = Table(title="Dead letters waiting, by error")
    for name in ("group", "consumer", "count", "error", "from", "last seen"):
        table.add_column(name, overflow="fold")
    for g in groups:
        table.add_row(
            g.group,
            g.consumer,
            str(g.count),
            g.error,
            ", ".join(g.original_topics),
            f"{g.last_seen:%Y-%m-%d %H:%M:%S}",
        )
    return table
