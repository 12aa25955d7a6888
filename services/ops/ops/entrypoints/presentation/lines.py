"""A line chart of several series over time (consumer lag per group).

Each series has its own colour, dash pattern and marker shape, and is named at its line's end,
so lines can be told apart without colour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from ops.entrypoints.presentation.svg import (
    INK,
    Chart,
    Table,
    frame,
    label,
    nice_ceiling,
    text,
    value_axis,
)

COLOURS = ("#00695c", "#6a1b9a", "#b3261e", "#1b4f9c", "#5d4037", "#37474f")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "circle")


def marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 4.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x + 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return (
        f'<path d="M{x - 4:.1f} {y - 4:.1f}L{x + 4:.1f} {y + 4:.1f}M{x - 4:.1f} {y + 4:.1f}'
        f'L{x + 4:.1f} {y - 4:.1f}" stroke="{colour}" stroke-width="2"/>'
    )


def end_labels(ends: list[tuple[float, float, str]]) -> list[str]:
    """Each line named at its end, moved down where two ends would overlap."""
    placed, floor = [], 0.0
    for y, x, name in sorted(ends):
        y = max(y + 4, floor)
        floor = y + 14
        placed.append(
            f'<text x="{x + 8:.1f}" y="{y:.1f}" font-size="12" fill="{INK}">{text(name)}</text>'
        )
    return placed


def series_lines(
    key: str,
    title: str,
    description: str,
    times: Sequence[datetime],
    series: Mapping[str, Sequence[float]],
    *,
    x_title: str,
    y_title: str,
    time_format: str,
    table: Table,
) -> Chart:
    """`series` maps a name to one value per entry of `times` (oldest first)."""
    left, top, plot_w, plot_h = 64.0, 24.0, 520.0, 200.0
    width, height = left + plot_w + 170, top + plot_h + 56
    peak = max((v for values in series.values() for v in values), default=0)
    ceiling = nice_ceiling(peak)
    parts = [value_axis(left, top, plot_w, plot_h, ceiling, y_title)]
    step = plot_w / max(len(times) - 1, 1)
    every = max(len(times) // 4, 1)
    for i, moment in enumerate(times):
        last = i == len(times) - 1
        if (i % every == 0 and len(times) - 1 - i >= every / 2) or last:
            x = left + step * i
            parts.append(label(x, top + plot_h + 16, moment.strftime(time_format), size=11))
    ends: list[tuple[float, float, str]] = []
    for n, (name, values) in enumerate(sorted(series.items())):
        colour, dash, shape = COLOURS[n % 6], DASHES[n % 6], MARKERS[n % 6]
        points = [
            (left + step * i, top + plot_h - plot_h * v / ceiling) for i, v in enumerate(values)
        ]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<g aria-hidden="true"><polyline points="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dashing}/>'
            + "".join(marker(shape, x, y, colour) for x, y in points[:: max(len(points) // 8, 1)])
            + marker(shape, *points[-1], colour)
            + "</g>"
        )
        ends.append((points[-1][1], points[-1][0], f"{name}: {values[-1]:,.0f}"))
    parts.extend(end_labels(ends))
    if not times:
        parts.append(label(left + plot_w / 2, top + plot_h / 2, "No samples yet"))
    parts.append(label(left + plot_w / 2, height - 8, x_title))
    svg = frame(key, title, description, width, height, "".join(parts))
    return Chart(key, title, description, svg, table)
