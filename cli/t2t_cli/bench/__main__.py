"""`python -m t2t_cli.bench [--quick] [--out .bench/results.json]`: run, print, save."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from t2t_cli.stack.common import StackError

from .config import BenchConfig
from .report import table, to_json
from .run import BenchResults, run_bench
from .ui import make_progress

app = typer.Typer(add_completion=False)


@app.command()
def main(
    quick: Annotated[
        bool, typer.Option(help="Tiny sizes: checks the path, not the figures")
    ] = False,
    out: Annotated[Path, typer.Option(help="Where the JSON results go")] = Path(
        ".bench/results.json"
    ),
    raw_records: Annotated[int | None, typer.Option(help="Records for raw aiokafka")] = None,
    relay_rows: Annotated[int | None, typer.Option(help="Outbox rows for the relay")] = None,
    rate: Annotated[float | None, typer.Option(help="Referrals/s of the latency run")] = None,
    steady_seconds: Annotated[float | None, typer.Option(help="Length of the latency run")] = None,
    burst: Annotated[int | None, typer.Option(help="Referrals in the burst")] = None,
) -> None:
    """Benchmark the broker, the outbox relay and referral → notification on a private stack."""
    config = BenchConfig.quick() if quick else BenchConfig()
    overrides = {
        "raw_records": raw_records,
        "relay_rows": relay_rows,
        "steady_rate": rate,
        "steady_seconds": steady_seconds,
        "burst_referrals": burst,
    }
    config = BenchConfig(**(config.as_dict() | {k: v for k, v in overrides.items() if v}))
    console = Console()
    try:
        results = asyncio.run(_run(config, console, out.parent / "logs"))
    except asyncio.CancelledError:
        console.print("[bold]bench interrupted; everything it started has been stopped[/]")
        raise typer.Exit(130) from None
    except (StackError, RuntimeError) as exc:
        console.print(f"[bold red]bench failed:[/] {exc}", soft_wrap=True)
        console.print(f"logs of the stack are in {out.parent / 'logs'}")
        raise typer.Exit(1) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(to_json(results), indent=2) + "\n")
    console.print(table(results))
    console.print(f"results written to {out}; service logs in {out.parent / 'logs'}")


async def _run(config: BenchConfig, console: Console, logs: Path) -> BenchResults:
    task = asyncio.current_task()
    assert task is not None
    loop = asyncio.get_running_loop()
    # Ctrl-C, SIGTERM or a closed terminal cancel the run, so every `finally` stops what
    # it started; a second signal changes nothing (a half-stopped stack would leak).
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, task.cancel)
    with make_progress(console) as progress:
        return await run_bench(config, progress, keep_logs=logs)


if __name__ == "__main__":
    app()
