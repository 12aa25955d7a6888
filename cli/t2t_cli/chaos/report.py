"""The run's table (rich) and `.chaos/results.json`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .verdict import VIOLATIONS

ROWS = (
    ("lost_messages", "messages lost (due, never accepted, not flagged)"),
    ("duplicated_messages", "messages duplicated (accepted twice)"),
    ("ambiguous_accepts", "ambiguous accepts (listed, not a violation)"),
    ("unresolved_for_follow_up", "unknown outcome, not accepted, flagged (listed)"),
    ("lost_events", "events lost (outbox → topic)"),
    ("out_of_order", "events out of order (per key)"),
    ("over_capacity", "groups over capacity"),
    ("waitlist_out_of_order", "waiting list out of order"),
    ("closed_by_provider_faults", "referrals closed by provider faults"),
    ("infrastructure_dead_letters", "dead letters from infrastructure faults"),
    ("erased_details_back", "erased contact details brought back"),
    ("other_dead_letters", "other dead letters (listed)"),
)


def table(results: dict[str, Any]) -> Table:
    verdict = results["verdict"]
    title = "chaos: " + ("PASSED" if verdict["passed"] else "FAILED")
    out = Table(title=title, show_lines=False)
    out.add_column("what")
    out.add_column("count", justify="right")
    out.add_column("checked", justify="right")
    out.add_column("detail")
    kinds = Counter(f["kind"] for f in results["faults"])
    out.add_row("faults injected", str(len(results["faults"])), "", _kinds(kinds))
    made = f"made {results['referrals']}, erased {results.get('erased', 0)}"
    out.add_row("referrals accepted", str(results["accepted"]), "", made)
    out.add_row("events on the topics", str(verdict["events"]))
    statuses = verdict.get("notification_statuses", {})
    out.add_row(
        "messages accepted by providers",
        str(verdict["messages_accepted"]),
        "",
        "notifications: " + ", ".join(f"{k} {n}" for k, n in statuses.items()),
    )
    for name, label in ROWS:
        finding = verdict["findings"].get(name, {"count": 0})
        count, checked = finding["count"], finding.get("checked", 0)
        style = "bold red" if count and name in VIOLATIONS else ""
        top = sorted(finding.get("kinds", {}).items(), key=lambda kv: -kv[1])[:3]
        out.add_row(
            label,
            f"[{style}]{count}[/]" if style else str(count),
            str(checked) if checked else "",
            "; ".join(f"{k} {n}" for k, n in top),
        )
    heal = results["heal"]
    healed = f"{heal['seconds']:.0f} s" if heal["healed"] else "not healed"
    out.add_row("time to heal", healed, "", "" if heal["healed"] else str(heal["left"]))
    return out


def _kinds(kinds: Counter[str]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))


def print_report(console: Console, results: dict[str, Any]) -> None:
    console.print(table(results))
    for name, finding in results["verdict"]["findings"].items():
        if finding["count"] and finding["examples"]:
            kinds = sorted(finding.get("kinds", {}).items(), key=lambda kv: -kv[1])
            console.print(f"[bold]{name}[/] by cause: " + "; ".join(f"{k} {n}" for k, n in kinds))
            console.print(f"  first {len(finding['examples'])}:")
            for example in finding["examples"]:
                console.print(f"  {example}", soft_wrap=True, highlight=False)


def write_results(path: Path, results: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
