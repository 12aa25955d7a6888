"""The report pages' templates (Jinja, autoescaped): page, chart figure, and problem page."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from ops.entrypoints.presentation.svg import Chart

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def chart_figure(chart: Chart, *, titled: bool = False) -> str:
    """A chart and its table alternative side by side, as the page and the console show it;
    `titled` writes the chart's title in the caption, where no heading names it."""
    macro = templates.env.get_template("_chart.html").module.figure  # type: ignore[attr-defined]
    return str(macro(chart, titled))
