"""One chaos run: the stack up, the workload and the nemesis together, healing, the checker."""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from t2t_cli.demo.client import Endpoints
from t2t_shared.settings import PlatformSettings

from .client import ChaosApi
from .config import ChaosConfig
from .facts import Facts, read_databases
from .faults import NOTIFY_ACCEPTS, SMTP_ACCEPTS
from .heal import heal
from .nemesis import Nemesis, fault_window_s
from .procfs import descendants, pss_mb
from .sinks import read_accepts
from .stack import TOPIC_PREFIX, ChaosStack
from .topics import TopicReader
from .verdict import judge
from .workload import WorkloadResult, refer_and_accept, set_up


async def run_chaos(
    config: ChaosConfig, out_dir: Path, say: Callable[[str], None] = lambda _: None
) -> dict[str, Any]:
    run_dir = out_dir / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    started_at, t0 = datetime.now(UTC), time.monotonic()
    peak = {"services_mb": 0.0, "postgres_mb": 0.0}
    async with ChaosStack(config, run_dir) as stack:
        await stack.start(say)
        say(f"stack ready after {time.monotonic() - t0:.0f} s")
        sampler = asyncio.create_task(_sample_memory(stack, peak))
        settings = PlatformSettings(signing_key_file=stack.identity.key_file)
        areas = list(settings.areas[: config.areas])
        replicas = {service: stack.urls(service) for service in config.services}
        work = WorkloadResult()
        async with ChaosApi(
            Endpoints(),
            settings,
            concurrency=config.concurrency,
            replicas=replicas,
            deadline_s=config.call_deadline_s,
        ) as api:
            setup = await set_up(api, config, areas)
            say(f"{setup.facilitators} facilitators, {setup.groups} open groups")
            window = fault_window_s(config)
            referring = asyncio.create_task(refer_and_accept(api, config, areas, window, work))
            faults = await Nemesis(stack, config, say).run()
            await referring
            retried = api.retried
        say(f"faults over; {len(work.accepted)} referrals accepted; healing")
        reader = TopicReader(stack.bootstrap, TOPIC_PREFIX)
        await reader.start()
        try:
            healing = await heal(stack.databases, reader, config.heal_timeout_s, say)
            facts = Facts()
            await read_databases(stack.databases, facts)
            facts.accepts = read_accepts(run_dir / SMTP_ACCEPTS, run_dir / NOTIFY_ACCEPTS)
            facts.records = list(reader.records)
        finally:
            await reader.stop()
        sampler.cancel()
        restarts = {r.name: r.restarts for r in stack.replicas}
    verdict = judge(facts, healed=healing.healed)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "config": config.as_dict(),
        "started_at": started_at.isoformat(),
        "seconds": round(time.monotonic() - t0, 1),
        "referrals": len(work.referrals),
        "accepted": len(work.accepted),
        "erased": len(work.erased),
        "workload_errors": work.errors[:20],
        "workload_retried_calls": retried,
        "faults": [f.as_dict() for f in faults],
        "restarts": restarts,
        "heal": {"healed": healing.healed, "seconds": healing.seconds, "left": healing.left},
        "verdict": verdict.as_dict(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1m": os.getloadavg()[0],
            # Postgres is not our child (pg_ctl detaches it): its CPU is not in these.
            "cpu_s_children": round(children.ru_utime + children.ru_stime, 1),
            "cpu_s_harness": round(own.ru_utime + own.ru_stime, 1),
            "peak_pss_mb_services_broker_stubs": round(peak["services_mb"]),
            "peak_pss_mb_postgres": round(peak["postgres_mb"]),
        },
    }


async def _sample_memory(stack: ChaosStack, peak: dict[str, float]) -> None:
    """The peak resident memory of everything the run started, PostgreSQL apart."""
    while True:
        pids = [os.getpid(), *stack.other_pids()]
        for replica in stack.replicas:
            if replica.proc is not None and replica.proc.pid is not None:
                pids += [replica.proc.pid, *descendants(replica.proc.pid)]
        peak["services_mb"] = max(peak["services_mb"], pss_mb(pids))
        if stack.cluster is not None:
            postgres = [stack.postmaster_pid, *descendants(stack.postmaster_pid)]
            peak["postgres_mb"] = max(peak["postgres_mb"], pss_mb(postgres))
        await asyncio.sleep(5.0)
