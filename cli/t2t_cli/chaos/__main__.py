"""`python -m t2t_cli.chaos [--short] [--referrals N] [--out .chaos]`: run, print, judge.

Exit status: 0 when every invariant held, 1 on any violation, 2 when the harness failed.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from t2t_cli.stack.common import StackError

from .config import ChaosConfig
from .report import print_report, write_results
from .run import run_chaos

app = typer.Typer(add_completion=False)


@app.command()
def main(
    short: Annotated[bool, typer.Option(help="About two minutes of faults (the suite's)")] = False,
    referrals: Annotated[int | None, typer.Option(help="Referrals to drive")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the workload and the nemesis")] = None,
    erase_share: Annotated[
        float | None, typer.Option(help="Share of people erased straight after referral")
    ] = None,
    heal_timeout: Annotated[
        float | None, typer.Option(help="Seconds healing may take before the checker runs")
    ] = None,
    no_faults: Annotated[
        bool, typer.Option(help="A control run: the same workload, no nemesis")
    ] = False,
    fault_scale: Annotated[
        float, typer.Option(help="Times every fault's length and gap (0.2: a medium run)")
    ] = 1.0,
    out: Annotated[Path, typer.Option(help="Where results.json and the logs go")] = Path(".chaos"),
) -> None:
    """Run every service twice over, break things, heal, and check nothing was lost or doubled."""
    base = ChaosConfig.short() if short else ChaosConfig()
    config = base.scaled(
        referrals=referrals,
        seed=seed,
        erase_share=erase_share,
        heal_timeout_s=heal_timeout,
        nemesis=False if no_faults else None,
    )
    config = config.faults_scaled(fault_scale)
    console = Console(stderr=True)

    def say(line: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        console.print(f"[dim]{stamp}[/] {line}", soft_wrap=True, highlight=False)

    try:
        results = asyncio.run(run_chaos(config, out, say))
    except StackError as exc:
        console.print(f"[bold red]chaos: the harness failed:[/] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None
    write_results(out / "results.json", results)
    # Piped or captured, the table still gets room for its columns.
    print_report(Console(width=None if sys.stdout.isatty() else 140), results)
    raise typer.Exit(0 if results["verdict"]["passed"] else 1)


if __name__ == "__main__":
    app()
