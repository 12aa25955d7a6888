"""`python -m t2t_cli.bench [--quick] [--profile] [--out .bench/results.json]`: run, print, save."""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress

from t2t_cli.stack.common import StackError

from .config import BenchConfig
from .history import append_history
from .profile import ProfileSettings, run_profile
from .report import table
from .results import to_json
from .run import run_bench
from .ui import make_progress

T = TypeVar("T")
app = typer.Typer(add_completion=False)


@app.command()
def main(
    quick: Annotated[
        bool, typer.Option(help="Tiny sizes: checks the path, not the figures")
    ] = False,
    out: Annotated[Path, typer.Option(help="Where the JSON results go")] = Path(
        ".bench/results.json"
    ),
    repetitions: Annotated[int | None, typer.Option(help="Repetitions of each phase")] = None,
    raw_records: Annotated[int | None, typer.Option(help="Records for raw aiokafka")] = None,
    relay_rows: Annotated[int | None, typer.Option(help="Outbox rows for the relay")] = None,
    rate: Annotated[float | None, typer.Option(help="Referrals/s of the latency run")] = None,
    steady_seconds: Annotated[float | None, typer.Option(help="Length of the latency run")] = None,
    burst: Annotated[int | None, typer.Option(help="Referrals in the burst")] = None,
    one_replica: Annotated[
        bool, typer.Option(help="Skip the burst with a second notifications replica")
    ] = False,
    profile: Annotated[
        bool, typer.Option(help="Only the steady load, with py-spy flame graphs of the services")
    ] = False,
    profile_name: Annotated[str, typer.Option(help="SVGs are <name>-<service>.svg")] = "before",
    profile_dir: Annotated[Path, typer.Option(help="Where the SVGs go")] = Path("docs/performance"),
    profile_seconds: Annotated[float, typer.Option(help="Seconds of load sampled")] = 30.0,
) -> None:
    """Benchmark the broker, the outbox relay and referral → notification on a private stack."""
    config = BenchConfig.quick() if quick else BenchConfig()
    overrides: dict[str, Any] = {
        "repetitions": repetitions,
        "raw_records": raw_records,
        "relay_rows": relay_rows,
        "steady_rate": rate,
        "steady_seconds": steady_seconds,
        "burst_referrals": burst,
        "two_replicas": False if one_replica else None,
    }
    config = BenchConfig(
        **(config.as_dict() | {k: v for k, v in overrides.items() if v is not None})
    )
    console, logs = Console(), out.parent / "logs"
    if profile:
        settings = ProfileSettings(profile_dir, profile_name, profile_seconds)
        svgs, latency = _run(
            console, logs, lambda p: run_profile(config, settings, p, keep_logs=logs)
        )
        p99 = latency.latency["p99_ms"]
        console.print(f"under the profile: p99 {p99:,.0f} ms of {latency.acknowledged:,} referrals")
        for svg in svgs:
            console.print(f"flame graph: {svg} ({svg.stat().st_size / 1e6:.2f} MB)")
        return
    results = _run(console, logs, lambda p: run_bench(config, p, keep_logs=logs))
    data = to_json(results)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2) + "\n")
    append_history(out.parent / "history.jsonl", data)
    console.print(table(results))
    console.print(
        f"results written to {out} (one line per run in {out.parent / 'history.jsonl'}); "
        f"service logs in {logs}; took {data['duration_s']:.0f} s"
    )


def _run(console: Console, logs: Path, work: Callable[[Progress], Awaitable[T]]) -> T:
    try:
        return asyncio.run(_signalled(console, work))
    except asyncio.CancelledError:
        console.print("[bold]bench interrupted; everything it started has been stopped[/]")
        raise typer.Exit(130) from None
    except (StackError, RuntimeError) as exc:
        console.print(f"[bold red]bench failed:[/] {exc}", soft_wrap=True)
        console.print(f"logs of the stack are in {logs}")
        raise typer.Exit(1) from None


async def _signalled(console: Console, work: Callable[[Progress], Awaitable[T]]) -> T:
    task = asyncio.current_task()
    assert task is not None
    loop = asyncio.get_running_loop()
    # Ctrl-C, SIGTERM or a closed terminal cancel the run, so every `finally` stops what
    # it started; a second signal changes nothing (a half-stopped stack would leak).
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, task.cancel)
    with make_progress(console) as progress:
        return await work(progress)


if __name__ == "__main__":
    app()
