"""The pieces every chart is drawn with: the accessible frame, patterns, axes and scales.

A chart is an `<svg role="img">` named by its `<title>` and `<desc>`, always shipped with a
table holding the same figures, so nothing depends on seeing the picture or telling colours
apart: series differ by pattern, dash and marker as well as colour, and values are written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

INK = "#1b1f24"
"""Text and axes: 16:1 against white."""
GRID = "#8a949e"
BAR = "#00695c"
"""Bars: 6.6:1 against white, so a bar is visible to people with low contrast vision."""
SECOND = "#6a1b9a"
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Table:
    """The chart's figures as a table: the alternative shown beside every chart."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    key: str
    """Unique on a page: prefixes the ids inside the SVG."""
    title: str
    description: str
    svg: str
    table: Table


def text(value: object) -> str:
    return escape(str(value), quote=True)


def frame(key: str, title: str, description: str, width: float, height: float, body: str) -> str:
    """The outer `<svg>`: named by its title and description, scaled to its container."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" id="{text(key)}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-labelledby="{text(key)}-title {text(key)}-desc" {FONT}>'
        f'<title id="{text(key)}-title">{text(title)}</title>'
        f'<desc id="{text(key)}-desc">{text(description)}</desc>'
        f"{patterns(key)}"
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>'
        f"{body}</svg>"
    )


def patterns(key: str) -> str:
    """Hatching for a second series, so it differs from the first by more than colour."""
    return (
        f'<defs><pattern id="{text(key)}-hatch" patternUnits="userSpaceOnUse" width="8" '
        'height="8" patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="#ffffff"/>'
        f'<rect width="4" height="8" fill="{SECOND}"/></pattern></defs>'
    )


def fill(key: str, series: int) -> str:
    return BAR if series == 0 else f"url(#{text(key)}-hatch)"


def nice_ceiling(value: float) -> float:
    """The axis top: 1, 2 or 5 times a power of ten, at least the value (and at least 1)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def ticks(top: float, count: int = 5) -> list[float]:
    step = top / count
    return [step * i for i in range(count + 1)]


def number(value: float) -> str:
    """A figure as written on a chart: whole numbers plain, others to one decimal place."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def label(x: float, y: float, value: str, *, anchor: str = "middle", size: int = 12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{INK}">{text(value)}</text>'
    )


def value_axis(
    left: float, top: float, width: float, height: float, ceiling: float, title: str
) -> str:
    """Horizontal grid lines with their values, and the axis title written sideways."""
    parts = []
    for tick in ticks(ceiling):
        y = top + height - height * tick / ceiling
        parts.append(
            f'<line x1="{left:.1f}" x2="{left + width:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="0.5" stroke-dasharray="2 3"/>'
        )
        parts.append(label(left - 6, y + 4, number(tick), anchor="end", size=11))
    middle = top + height / 2
    parts.append(
        f'<text transform="translate(14 {middle:.1f}) rotate(-90)" text-anchor="middle" '
        f'font-size="12" fill="{INK}">{text(title)}</text>'
    )
    parts.append(
        f'<line x1="{left:.1f}" x2="{left:.1f}" y1="{top:.1f}" y2="{top + height:.1f}" '
        f'stroke="{INK}"/>'
        f'<line x1="{left:.1f}" x2="{left + width:.1f}" y1="{top + height:.1f}" '
        f'y2="{top + height:.1f}" stroke="{INK}"/>'
    )
    return "".join(parts)
