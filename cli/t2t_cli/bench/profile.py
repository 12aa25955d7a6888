"""`python -m t2t_cli.bench --profile`: flame graphs of referrals and notifications at 50/s.

The bench's private stack, warmed up, then the steady load while py-spy samples each
service's process (`py-spy record --format flamegraph`, idle threads left out, so the
graph shows where CPU goes, not where the event loop waits). py-spy reads the other
process's memory through ptrace: it needs root or `CAP_SYS_PTRACE` (the bench's children
are its own, so a relaxed `kernel.yama.ptrace_scope` of 1 also does).
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from rich.progress import Progress

from .config import BenchConfig
from .e2e import LatencyResult, measure_latency, warm_up
from .load import ReferralClient
from .probe import Probe
from .stack import BenchStack
from .ui import step

PROFILED = ("referrals", "notifications")


@dataclass(frozen=True)
class ProfileSettings:
    out_dir: Path = Path("docs/performance")
    name: str = "before"  # the SVGs are <name>-<service>.svg
    seconds: float = 30.0  # of load; sampling runs two seconds longer, for the drain
    rate_hz: int = 50  # samples a second: modest, so the sampler steals little CPU


def py_spy() -> str:
    beside = Path(sys.executable).parent / "py-spy"
    found = str(beside) if beside.exists() else shutil.which("py-spy")
    if found is None:
        raise RuntimeError("py-spy is not installed (it is a dev dependency: make install)")
    return found


async def run_profile(
    config: BenchConfig, settings: ProfileSettings, progress: Progress, *, keep_logs: Path
) -> tuple[list[Path], LatencyResult]:
    load = BenchConfig(**(config.as_dict() | {"steady_seconds": settings.seconds}))
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    async with BenchStack(keep_logs=keep_logs) as stack:
        with step(progress, "PostgreSQL and Tansu") as say:
            await stack.start_infrastructure(say)
        with step(progress, "SMTP catcher, referrals, notifications") as say:
            await stack.start_services(say)
        probe = await Probe.connect(
            stack.databases["notifications"],
            stack.databases["referrals"],
            f"{stack.topic_prefix}referrals.events",
            stack.urls["notifications"] + "/metrics",
        )
        client = ReferralClient(stack.urls["referrals"], stack.identity.key)
        try:
            await warm_up(client, probe, load, progress)
            outputs = [settings.out_dir / f"{settings.name}-{s}.svg" for s in PROFILED]
            samplers = [
                await _sample(stack.pids(service)[0], out, settings)
                for service, out in zip(PROFILED, outputs, strict=True)
            ]
            try:
                latency = await measure_latency(client, probe, load, progress)
                for sampler in samplers:
                    _, err = await sampler.communicate()
                    if sampler.returncode != 0:
                        raise RuntimeError(f"py-spy failed: {err.decode(errors='replace')[-500:]}")
            finally:
                for sampler in samplers:
                    if sampler.returncode is None:
                        sampler.terminate()
                        await sampler.wait()
        finally:
            await client.aclose()
            await probe.close()
    return outputs, latency


async def _sample(pid: int, out: Path, settings: ProfileSettings) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        py_spy(),
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(round(settings.seconds + 2)),
        "--rate",
        str(settings.rate_hz),
        "--format",
        "flamegraph",
        "--output",
        str(out),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
