"""Bar charts: columns over time or categories, and horizontal bars with notes (the funnel)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ops.entrypoints.presentation.svg import (
    INK,
    Chart,
    Table,
    fill,
    frame,
    label,
    nice_ceiling,
    number,
    text,
    value_axis,
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""
    """Written after the value, e.g. "85% of accepted"."""
    series: int = 0
    """0 draws solid; 1 draws hatched (a target, say), named in the bar's label."""


def columns(
    key: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    *,
    x_title: str,
    y_title: str,
    table: Table,
) -> Chart:
    """Vertical bars, each with its value written above it; labels slanted when crowded."""
    slot = max(34.0, 520.0 / max(len(bars), 1))
    left, top, plot_h = 64.0, 24.0, 200.0
    crowded = len(bars) > 8 or any(len(b.label) > 6 for b in bars)
    bottom = 86.0 if crowded else 52.0
    width = left + slot * max(len(bars), 1) + 16
    height = top + plot_h + bottom
    ceiling = nice_ceiling(max((b.value for b in bars), default=0))
    parts = [value_axis(left, top, slot * max(len(bars), 1), plot_h, ceiling, y_title)]
    for i, bar in enumerate(bars):
        h = plot_h * bar.value / ceiling
        x = left + slot * i + slot * 0.15
        y = top + plot_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{fill(key, bar.series)}" stroke="{INK}" stroke-width="0.5">'
            f"<title>{text(bar.label)}: {text(number(bar.value))}</title></rect>"
        )
        centre = x + slot * 0.35
        parts.append(label(centre, y - 5, number(bar.value), size=11))
        base = top + plot_h + 14
        if crowded:
            parts.append(
                f'<text transform="translate({centre:.1f} {base:.1f}) rotate(-45)" '
                f'text-anchor="end" font-size="11" fill="{INK}">{text(bar.label)}</text>'
            )
        else:
            parts.append(label(centre, base, bar.label, size=11))
    if not bars:
        parts.append(label(left + slot / 2 + 100, top + plot_h / 2, "No figures in this period"))
    parts.append(label(left + slot * max(len(bars), 1) / 2, height - 8, x_title))
    svg = frame(key, title, description, width, height, "".join(parts))
    return Chart(key, title, description, svg, table)


def rows(
    key: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    *,
    x_title: str,
    table: Table,
    marker: tuple[str, float] | None = None,
) -> Chart:
    """Horizontal bars, labelled on the left, value and note written at the bar's end.

    `marker` draws a dashed line across every bar at a value, labelled (a target, say).
    """
    left, top, bar_h, gap, plot_w = 190.0, 28.0, 24.0, 12.0, 300.0
    height = top + (bar_h + gap) * max(len(bars), 1) + 44
    width = left + plot_w + 190
    biggest = max([b.value for b in bars] + ([marker[1]] if marker else []), default=0)
    ceiling = nice_ceiling(biggest)
    parts = []
    for i, bar in enumerate(bars):
        y = top + (bar_h + gap) * i
        w = plot_w * bar.value / ceiling
        parts.append(label(left - 8, y + bar_h * 0.68, bar.label, anchor="end"))
        parts.append(
            f'<rect x="{left:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_h:.1f}" '
            f'fill="{fill(key, bar.series)}" stroke="{INK}" stroke-width="0.5"/>'
        )
        written = number(bar.value) + (f" ({bar.note})" if bar.note else "")
        parts.append(label(left + w + 6, y + bar_h * 0.68, written, anchor="start"))
    axis_y = top + (bar_h + gap) * max(len(bars), 1)
    parts.append(
        f'<line x1="{left:.1f}" x2="{left:.1f}" y1="{top - 6:.1f}" y2="{axis_y:.1f}" '
        f'stroke="{INK}"/>'
        f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{axis_y:.1f}" y2="{axis_y:.1f}" '
        f'stroke="{INK}"/>'
    )
    parts.append(label(left, axis_y + 14, "0", size=11))
    parts.append(label(left + plot_w, axis_y + 14, number(ceiling), size=11))
    parts.append(label(left + plot_w / 2, axis_y + 34, x_title))
    if marker is not None:
        name, at = marker
        x = left + plot_w * at / ceiling
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6:.1f}" y2="{axis_y:.1f}" '
            f'stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(label(x, top - 10, f"{name}: {number(at)}", size=11))
    if not bars:
        parts.append(label(left + plot_w / 2, top + bar_h * 0.68, "No figures in this period"))
    svg = frame(key, title, description, width, height, "".join(parts))
    return Chart(key, title, description, svg, table)
