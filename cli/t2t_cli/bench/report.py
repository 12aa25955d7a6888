"""The results as a rich table for people: each figure's median, its spread, its target."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from .config import (
    TARGET_BURST_PER_S,
    TARGET_NOTIFICATIONS_CPU_MS,
    TARGET_P99_MS,
    TARGET_P99_SPREAD,
    TARGET_RELAY_RATIO,
)
from .results import to_json
from .run import MEASURED, BenchResults
from .stages import MOMENTS


def _verdict(ok: bool, target: str) -> Text:
    return Text(f"{target} {'✓' if ok else '✗'}", style="green" if ok else "bold red")


def _range(s: dict[str, Any], fmt: str, ratio: bool = False) -> str:
    text = f"{s['min']:{fmt}} - {s['max']:{fmt}}"
    if ratio and s["max_over_min"] is not None:
        text += f"  (x{s['max_over_min']:.2f})"
    return text


class _Report:
    def __init__(self, title: str) -> None:
        self.out = Table(title=title, title_justify="left")
        for name, justify in (
            ("measure", "left"),
            ("median", "right"),
            ("spread: min - max", "right"),
            ("target", "left"),
        ):
            self.out.add_column(name, justify=justify)  # type: ignore[arg-type]

    def phase(self, title: str) -> None:
        if self.out.row_count:
            self.out.add_section()
        self.out.add_row(Text(title, style="bold"), "", "", "")

    def fig(
        self,
        label: str,
        section: dict[str, Any],
        name: str,
        fmt: str,
        unit: str,
        target: Text | str = "",
        ratio: bool = False,
    ) -> None:
        s = section["spread"].get(name)
        if s is None:
            return
        self.out.add_row(f"  {label}", f"{s['median']:{fmt}}{unit}", _range(s, fmt, ratio), target)

    def note(self, label: str, value: str, style: str = "") -> None:
        self.out.add_row(Text(f"  {label}", style=style), value, "", "")


def table(r: BenchResults) -> Table:
    data = to_json(r)
    raw, relay, lat, thr = (
        data[k] for k in ("raw_kafka", "outbox_relay", "e2e_latency", "e2e_throughput")
    )
    reps = r.config.repetitions
    t = _Report(f"Type 2 Together bench: medians of {reps} repetitions, spread min - max")
    t.phase(f"raw aiokafka: {r.config.raw_records:,} records of {r.raw[0].record_bytes} B")
    t.fig("produce, acks=all", raw, "produce_per_s", ",.0f", " msg/s")
    t.fig("consume, no group", raw, "consume_per_s", ",.0f", " msg/s")
    t.phase(f"outbox relay: {r.config.relay_rows:,} rows, batch {r.config.relay_batch_size}")
    t.fig("publish", relay, "rows_per_s", ",.0f", " rows/s")
    t.fig(
        "ratio to raw produce",
        relay,
        "ratio_to_raw_produce",
        ".2f",
        "",
        _verdict(relay["meets_target"], f"≥ {TARGET_RELAY_RATIO}"),
    )
    t.phase(
        f"referral → acknowledgement: {r.config.steady_referrals:,} at {r.config.steady_rate:g}/s"
    )
    t.fig("p50", lat, "latency.p50_ms", ",.0f", " ms")
    t.fig("p95", lat, "latency.p95_ms", ",.0f", " ms")
    p99_target = _verdict(
        lat["meets_target"], f"≤ {TARGET_P99_MS:,.0f} ms, spread < {TARGET_P99_SPREAD:g}x"
    )
    t.fig("p99", lat, "latency.p99_ms", ",.0f", " ms", p99_target, ratio=True)
    t.fig("max", lat, "latency.max_ms", ",.0f", " ms")
    if any(x.acknowledged < x.referrals for x in r.latency):
        missing = sum(x.referrals - x.acknowledged for x in r.latency)
        t.note("(of acknowledged only)", f"{missing:,} not sent in time", "red")
    _stages(t, lat)
    t.fig("POST response, p50", lat, "post_response.p50_ms", ",.0f", " ms")
    t.fig("POST response, p99", lat, "post_response.p99_ms", ",.0f", " ms")
    _outcomes(t, lat)
    _cpu(t, lat, per_event_target=True)
    _idle(t, r.idle_cpu_ms_per_s.get("one", {}))
    _burst(t, r, thr, "burst, one notifications replica")
    for provider, d in data["dispatch"].items():
        t.phase(f"dispatch alone: {r.config.dispatch_messages:,} due messages via {provider}")
        t.fig("notifications dispatched", d, "per_s", ",.1f", " /s")
    if (two := data.get("e2e_throughput_two_replicas")) is not None:
        _burst(t, r, two, "burst, two notifications replicas")
        rep = data["replicas"]
        t.out.add_row(
            "  two replicas ÷ one",
            f"{rep['ratio_two_to_one']:.2f}",
            _range(rep["ratio_spread"], ".2f"),
            "> 1",
        )
        settled = "settled" if rep["settled"] else "NOT settled (timeout)"
        t.note("group rebalance before the burst", f"{rep['settle_s']:.1f} s, {settled}")
        _idle(t, r.idle_cpu_ms_per_s.get("two", {}))
        t.note(
            "events handled by each replica",
            " / ".join(f"{n:,}" for n in rep["handled_by_replica"]),
        )
    return t.out


def _burst(t: _Report, r: BenchResults, thr: dict[str, Any], title: str) -> None:
    t.phase(
        f"{title}: {r.config.burst_referrals:,} referrals, {r.config.burst_concurrency} at a time"
    )
    target = _verdict(thr["referrals_per_s"] >= TARGET_BURST_PER_S, f"≥ {TARGET_BURST_PER_S:g}/s")
    t.fig("referrals acknowledged", thr, "referrals_per_s", ",.1f", " /s", target)
    t.fig("notifications sent", thr, "notifications_per_s", ",.1f", " /s")
    t.fig("all POSTs answered in", thr, "post_s", ",.1f", " s")
    t.fig("POST response, p50", thr, "post_response.p50_ms", ",.0f", " ms")
    t.fig("notifications' events per consumer batch", thr, "records_per_batch", ".1f", "")
    for moment in MOMENTS:
        for q in ("p50", "last"):
            t.fig(f"{moment}, {q}, after 1st POST", thr, f"timeline.{moment}.{q}_s", ".2f", " s")
    _stages(t, thr)
    _outcomes(t, thr)
    _cpu(t, thr, per_event_target=False)


def _stages(t: _Report, section: dict[str, Any]) -> None:
    for stage, label in (
        ("post_to_published", "POST → relay published"),
        ("published_to_consumed", "published → consumed"),
        ("consumed_to_sent", "consumed → sent"),
    ):
        for q in ("p50", "p95", "p99"):
            t.fig(
                f"{label}, {q}", section, f"stages.{stage}.{q}_ms", ",.0f", " ms", ratio=q == "p99"
            )


def _cpu(t: _Report, section: dict[str, Any], *, per_event_target: bool) -> None:
    for role in MEASURED:
        t.fig(f"CPU per referral: {role}", section, f"cpu_ms_per_referral.{role}", ".2f", " ms")
    target: Text | str = ""
    if (
        per_event_target
        and (per_event := section.get("notifications_cpu_ms_per_event")) is not None
    ):
        target = _verdict(
            per_event <= TARGET_NOTIFICATIONS_CPU_MS, f"≤ {TARGET_NOTIFICATIONS_CPU_MS:g} ms"
        )
    t.fig(
        "CPU per event: notifications",
        section,
        "notifications_cpu_ms_per_event",
        ".2f",
        " ms",
        target,
    )


def _idle(t: _Report, ms_per_s: dict[str, float]) -> None:
    """What each process burns with nothing to do: the cost of its polling."""
    if ms_per_s:
        idle = ", ".join(f"{role} {ms:.0f}" for role, ms in ms_per_s.items())
        t.note("idle CPU, ms per second", idle)


def _outcomes(t: _Report, section: dict[str, Any]) -> None:
    handled = section.get("consumer_outcomes", {})
    retried, dead = handled.get("retry", 0), handled.get("dlq", 0)
    style = "bold red" if dead else "yellow" if retried else ""
    t.out.add_row(
        "  events retried / dead-lettered (all runs)",
        Text(f"{retried:,} / {dead:,}", style=style),
        "",
        "",
    )
    for cause, count in section.get("failed_posts", {}).items():
        t.note(f"POST /referrals failed: {cause}", f"{count:,}", "bold red")
