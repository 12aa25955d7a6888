"""`python -m t2t_cli.bench.flame SVG [--top N]`: where a py-spy flame graph's samples went.

Reads the frames back out of the SVG (each is a <title> with its sample count and a
<rect> giving its depth and extent) and prints the functions with the most samples of
their own (self: the frame on top of the stack) and in total (inclusive), so the
"before" and "after" profiles can be compared as numbers, not only by eye.
"""

from __future__ import annotations

import collections
import html
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

FRAME = re.compile(
    r"<g><title>(?P<title>[^<]*?) \([\d,]+ samples?, [\d.]+%\)</title>"
    r'<rect [^>]*?y="(?P<y>[\d.]+)"[^>]*?fg:x="(?P<x>\d+)" fg:w="(?P<w>\d+)"'
)
app = typer.Typer(add_completion=False)


@dataclass(frozen=True)
class Frame:
    name: str
    y: float  # the depth: callees are drawn one row further from the root
    x: int  # the first sample it covers
    samples: int


def frames(svg: str) -> list[Frame]:
    return [
        Frame(html.unescape(m["title"]), float(m["y"]), int(m["x"]), int(m["w"]))
        for m in FRAME.finditer(svg)
    ]


def self_and_total(found: list[Frame]) -> tuple[collections.Counter[str], collections.Counter[str]]:
    """Samples per function: with no frame above it (self), and anywhere in the stack (total).

    A frame's callees are the frames one row deeper whose samples lie inside its own.
    """
    rows = sorted({f.y for f in found})
    deeper = dict(itertools.pairwise(rows))
    by_row: dict[float, list[Frame]] = collections.defaultdict(list)
    for f in found:
        by_row[f.y].append(f)
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    for f in found:
        callees = by_row.get(deeper.get(f.y, -1.0), [])
        inside = (c.samples for c in callees if f.x <= c.x and c.x + c.samples <= f.x + f.samples)
        own[f.name] += f.samples - sum(inside)
        total[f.name] += f.samples  # a recursive function counts once per level; rare here
    return own, total


def _short(name: str) -> str:
    return re.sub(r"\(.*?site-packages/", "(", name)


@app.command()
def main(
    svg: Path,
    top: Annotated[int, typer.Option(help="Functions to list")] = 25,
) -> None:
    found = frames(svg.read_text())
    if not found:
        raise typer.BadParameter(f"{svg} holds no py-spy frames")
    samples = sum(f.samples for f in found if f.y == min(g.y for g in found))
    own, total = self_and_total(found)
    typer.echo(f"{svg}: {samples:,} samples")
    for title, counts in (("self", own), ("total (inclusive)", total)):
        typer.echo(f"\n{title}:")
        for name, n in counts.most_common(top):
            typer.echo(f"  {100 * n / samples:5.1f}%  {n:6,}  {_short(name)}")


if __name__ == "__main__":
    app()
