"""The results as JSON (for tools) and as a rich table (for people), targets marked."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rich.table import Table
from rich.text import Text

from .config import TARGET_P99_MS, TARGET_RELAY_RATIO
from .run import BenchResults


def to_json(r: BenchResults) -> dict[str, Any]:
    produce = r.raw.produce_per_s
    relay_ratio = r.relay.rows_per_s / produce
    p99 = r.latency.latency["p99_ms"]
    t = r.throughput
    return {
        "started_at": r.started_at.isoformat(),
        "finished_at": r.finished_at.isoformat(),
        "duration_s": (r.finished_at - r.started_at).total_seconds(),
        "machine": r.machine,
        "config": r.config.as_dict(),
        "raw_kafka": asdict(r.raw)
        | {"produce_per_s": produce, "consume_per_s": r.raw.consume_per_s},
        "outbox_relay": asdict(r.relay)
        | {
            "rows_per_s": r.relay.rows_per_s,
            "ratio_to_raw_produce": relay_ratio,
            "target_ratio": TARGET_RELAY_RATIO,
            "meets_target": relay_ratio >= TARGET_RELAY_RATIO,
        },
        "e2e_latency": asdict(r.latency)
        | {
            "warmup_s": r.warmup_s,
            "target_p99_ms": TARGET_P99_MS,
            "meets_target": p99 < TARGET_P99_MS
            and r.latency.acknowledged == r.latency.referrals
            and not r.latency.failed_posts,
        },
        "e2e_throughput": asdict(t)
        | {
            "referrals_per_s": t.referrals_per_s,
            "notifications_per_s": t.notifications_per_s,
            "referrals_ratio_to_raw_produce": t.referrals_per_s / produce,
            "notifications_ratio_to_raw_produce": t.notifications_per_s / produce,
        },
        "dispatch": {d.provider: asdict(d) | {"per_s": d.per_s} for d in r.dispatch},
    }


def _verdict(ok: bool, target: str) -> Text:
    return Text(f"{target} {'✓' if ok else '✗'}", style="green" if ok else "bold red")


def _ms(summary: dict[str, float]) -> str:
    return f"{summary['p50_ms']:,.0f} / {summary['p99_ms']:,.0f} ms"


def table(r: BenchResults) -> Table:
    data = to_json(r)
    raw, relay = data["raw_kafka"], data["outbox_relay"]
    lat, thr = data["e2e_latency"], data["e2e_throughput"]
    out = Table(title="Type 2 Together bench", title_justify="left")
    out.add_column("measure")
    out.add_column("result", justify="right")
    out.add_column("target")

    def phase(title: str) -> None:
        if out.row_count:
            out.add_section()
        out.add_row(Text(title, style="bold"), "", "")

    phase(f"raw aiokafka: {raw['records']:,} records of {raw['record_bytes']} B")
    out.add_row("  produce, acks=all", f"{raw['produce_per_s']:,.0f} msg/s", "")
    out.add_row("  consume, no group", f"{raw['consume_per_s']:,.0f} msg/s", "")
    phase(f"outbox relay: {relay['rows']:,} rows, batch {relay['batch_size']}")
    out.add_row("  publish", f"{relay['rows_per_s']:,.0f} rows/s", "")
    out.add_row(
        "  ratio to raw produce",
        f"{relay['ratio_to_raw_produce']:.2f}",
        _verdict(relay["meets_target"], f"≥ {TARGET_RELAY_RATIO}"),
    )
    phase(f"referral → acknowledgement: {lat['referrals']:,} at {r.config.steady_rate:g}/s")
    lt = lat["latency"]
    out.add_row("  p50 / p95", f"{lt['p50_ms']:,.0f} / {lt['p95_ms']:,.0f} ms", "")
    out.add_row(
        "  p99",
        f"{lt['p99_ms']:,.0f} ms",
        _verdict(lat["meets_target"], f"< {TARGET_P99_MS:,.0f} ms"),
    )
    out.add_row("  max", f"{lt['max_ms']:,.0f} ms", "")
    if lat["acknowledged"] < lat["referrals"]:
        missing = f"{lat['referrals'] - lat['acknowledged']:,} not sent in time"
        out.add_row(Text("  (of acknowledged only)", style="red"), missing, "")
    stages = lat["stages"]
    out.add_row("  POST → relay published, p50 / p99", _ms(stages["post_to_published"]), "")
    out.add_row("  published → consumed, p50 / p99", _ms(stages["published_to_consumed"]), "")
    out.add_row("  consumed → sent, p50 / p99", _ms(stages["consumed_to_sent"]), "")
    out.add_row("  POST response, p50 / p99", _ms(lat["post_response"]), "")
    _outcomes(out, lat["consumer_outcomes"])
    _failures(out, lat["failed_posts"])
    phase(f"burst: {thr['referrals']:,} referrals, {thr['concurrency']} at a time")
    acknowledged = f"  referrals acknowledged ({thr['acknowledged']:,})"
    out.add_row(acknowledged, f"{thr['referrals_per_s']:,.1f} /s", "")
    out.add_row("  notifications sent", f"{thr['notifications_per_s']:,.1f} /s", "")
    out.add_row(
        "  notifications ÷ raw produce", f"{thr['notifications_ratio_to_raw_produce']:.4f}", ""
    )
    out.add_row("  all POSTs answered in", f"{thr['post_s']:,.1f} s", "")
    _outcomes(out, thr["consumer_outcomes"])
    _failures(out, thr["failed_posts"])
    for d in r.dispatch:
        phase(f"dispatch alone: {d.messages:,} due messages via {d.provider}")
        out.add_row("  notifications dispatched", f"{d.per_s:,.1f} /s", "")
        if d.sent < d.messages:
            missing = f"{d.messages - d.sent:,} not sent in time"
            out.add_row(Text("  (of those sent only)", style="red"), missing, "")
    return out


def _outcomes(out: Table, handled: dict[str, int]) -> None:
    retried, dead = handled.get("retry", 0), handled.get("dlq", 0)
    style = "bold red" if dead else "yellow" if retried else ""
    value = Text(f"{retried:,} / {dead:,}", style=style)
    out.add_row("  events retried / dead-lettered", value, "")


def _failures(out: Table, failed: dict[str, int]) -> None:
    for cause, count in failed.items():
        out.add_row(Text(f"  POST /referrals failed: {cause}", style="bold red"), f"{count:,}", "")
