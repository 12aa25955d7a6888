"""The report pages' templates (Jinja, autoescaped): page, chart figure, and problem page."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from ops.presentation.svg import Chart

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def chart_figure(chart: Chart) -> str:
    """A chart and its table alternative side by side, as the page and the console show it."""
    return str(templates.env.get_template("_chart.html").module.figure(chart))  # type: ignore[attr-defined]
