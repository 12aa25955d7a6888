"""Consumer lag over time for the console: samples grouped into at most 48 time buckets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from ops.domain.area_report import LagSample
from ops.entrypoints.presentation.lines import series_lines
from ops.entrypoints.presentation.svg import Chart, Table

BUCKETS = 48


def lag_over_time(samples: Sequence[LagSample], key: str = "lag-history") -> Chart:
    """Each group's largest lag in each bucket: a spike between two samples is not hidden."""
    times, series = bucketed(samples)
    groups = sorted(series)
    worst = max(((g, max(v)) for g, v in series.items() if v), key=lambda p: p[1], default=None)
    if worst is None:
        summary = "No lag has been sampled in this window yet."
    else:
        summary = (
            f"Events waiting per consumer group from {times[0]:%H:%M} to {times[-1]:%H:%M} UTC; "
            f"the highest was {worst[0]} with {worst[1]:,.0f}. Now: "
            + ", ".join(f"{g} {series[g][-1]:,.0f}" for g in groups)
            + "."
        )
    table = Table(
        "Consumer lag over time (events waiting, highest in each interval)",
        ("Time (UTC)", *groups),
        tuple(
            (moment.strftime("%d %b %H:%M"), *(f"{series[g][i]:,.0f}" for g in groups))
            for i, moment in enumerate(times)
        ),
    )
    return series_lines(
        key,
        "Consumer lag over time",
        summary,
        times,
        series,
        x_title="Time (UTC)",
        y_title="Events waiting",
        time_format="%H:%M",
        table=table,
    )


def bucketed(samples: Sequence[LagSample]) -> tuple[list[datetime], dict[str, list[float]]]:
    if not samples:
        return [], {}
    start = min(s.at for s in samples)
    span = (max(s.at for s in samples) - start).total_seconds()
    width = span / (BUCKETS - 1) if span else 1.0
    peaks: dict[str, dict[int, float]] = defaultdict(dict)
    first_at: dict[int, datetime] = {}
    for sample in sorted(samples, key=lambda s: s.at):
        slot = round((sample.at - start).total_seconds() / width)
        first_at.setdefault(slot, sample.at)
        group = peaks[sample.consumer_group]
        group[slot] = max(group.get(slot, 0), sample.lag)
    slots = sorted(first_at)
    times = [first_at[slot] for slot in slots]
    # A group not sampled in a bucket carries its previous value, so its line does not drop.
    series: dict[str, list[float]] = {}
    for name, by_slot in peaks.items():
        last, values = 0.0, []
        for slot in slots:
            last = by_slot.get(slot, last)
            values.append(last)
        series[name] = values
    return times, series
