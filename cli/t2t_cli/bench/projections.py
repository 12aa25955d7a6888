# Over 200 lines: one runnable (`python -m`), from writing the records to printing the figures.
"""`python -m t2t_cli.bench.projections [--events N]`: the console's rebuild speed and memory.

Feeds synthetic public events (referral journeys, groups, volunteers, notifications, the
practice register) through the console's own decoding and projection code into a real
PostgreSQL, in the observer's batches, and prints events/s and the process's peak RSS.
The records are made first and written to a file (not timed); the timed part reads them
back batch by batch, decodes and applies them, as the observer does with fetches. It also
prints the CPU seconds the console's code and PostgreSQL spent, which say more than the
wall clock on a machine other work shares.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import random
import resource
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from ops.adapters.batch_pipeline import BatchPipeline
from ops.adapters.gc_tuning import tune_for_batches
from ops.adapters.projection_store import SqlProjectionStore
from ops.domain.funnel import STAGES
from ops.domain.observed import ObservedEvent, decode
from services.ops.tests.synthetic import Catalogue
from t2t_cli.stack.common import free_port
from t2t_cli.stack.postgres import PostgresCluster
from t2t_shared.db import create_engine
from t2t_shared.envelope import EventRecord
from t2t_shared.migrations import upgrade

AREAS = ("leeds", "bradford", "wakefield", "kirklees", "calderdale", "york")
PRACTICES = ("B82005", "B86001", "B86002", "B86003", "B86004", "B86005")
PARTITIONS = 4
app = typer.Typer(add_completion=False)


def server_cpu_s(data_dir: Path | None) -> float | None:
    """CPU seconds of the private cluster's processes (children of its postmaster) so far."""
    if data_dir is None:
        return None
    try:
        postmaster = (data_dir / "postmaster.pid").read_text().split()[0]
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if fields[1] == postmaster:  # ppid
                    total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / tick
    except (OSError, IndexError):
        return None


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def records(total: int, seed: int = 14) -> Iterator[EventRecord]:
    """A platform-like mix: mostly referral journeys, with groups, volunteers, notifications."""
    # Unchecked: the tests check every kind of record against the contract; a million checks
    # would take minutes.
    rng, cat, made = random.Random(seed), Catalogue(checked=False), 0  # noqa: S311
    for code in PRACTICES:
        yield cat.practice_registered(code, area=rng.choice(AREAS))
    while made < total:
        area = rng.choice(AREAS)
        batch = cat.referral(
            area=area,
            reach=rng.choice(STAGES),
            source=rng.choice(("gp", "self", "community")),
            ods_code=rng.choice(PRACTICES),
        )
        batch += [cat.notification(area=area, channel=rng.choice(("email", "sms")))]
        if rng.random() < 0.05:
            batch += cat.group(area=area, capacity=12, members=rng.randint(0, 12))
        if rng.random() < 0.05:
            batch += cat.volunteer(area=area, reach="trained")
        if rng.random() < 0.02:
            batch.append(cat.practice_engaged(rng.choice(PRACTICES), area=area))
        for record in batch[: total - made]:
            made += 1
            yield record


Raw = tuple[str, int, int, bytes | None, list[tuple[str, bytes]]]
"""topic, partition, offset, value, headers: a record as the observer fetches it."""


def write_records(path: Path, total: int, size: int) -> None:
    """The synthetic records, in batches, to a file: replaying them costs what a fetch does."""
    next_offset: dict[tuple[str, int], int] = {}
    batch: list[Raw] = []
    with path.open("wb") as out:
        for record in records(total):
            partition = hash(record.key) % PARTITIONS
            offset = next_offset.get((record.topic, partition), 0)
            next_offset[(record.topic, partition)] = offset + 1
            batch.append((record.topic, partition, offset, record.value, list(record.headers)))
            if len(batch) == size:
                pickle.dump(batch, out)
                batch = []
        if batch:
            pickle.dump(batch, out)


def read_records(path: Path) -> Iterator[list[Raw]]:
    with path.open("rb") as source:
        while True:
            try:
                yield pickle.load(source)  # noqa: S301  (the file this run wrote)
            except EOFError:
                return


def decoded(batch: list[Raw]) -> tuple[list[ObservedEvent], dict[tuple[str, int], int]]:
    events, offsets = [], {}
    for topic, partition, offset, value, headers in batch:
        event = decode(
            topic=topic, partition=partition, offset=offset, value=value, headers=headers
        )
        if event is not None:
            events.append(event)
        offsets[(topic, partition)] = offset + 1
    return events, offsets


async def run(database_url: str, path: Path, size: int, data_dir: Path | None = None) -> None:
    await asyncio.to_thread(upgrade, "ops", database_url)
    engine = create_engine(database_url, pool_size=2)
    store = SqlProjectionStore(engine)
    await store.reset()
    # As the console's observer does: batch N is applied while N+1 is read and decoded.
    pipeline = BatchPipeline(lambda tp, offset: None)
    applied, reported = 0, 0

    async def apply(events: list[ObservedEvent], offsets: dict[tuple[str, int], int]) -> None:
        nonlocal applied
        applied += await store.apply(events, offsets)

    server_before, cpu_before = server_cpu_s(data_dir), time.process_time()
    started = time.perf_counter()
    try:
        for batch in read_records(path):
            await pipeline.submit(apply(*decoded(batch)), {})
            if applied - reported >= 100_000:
                reported = applied
                rate = applied / (time.perf_counter() - started)
                typer.echo(
                    f"  {applied:>9,} events  {rate:>8,.0f}/s  RSS {peak_rss_mib():6.1f} MiB"
                )
        await pipeline.settle()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
        server_after = server_cpu_s(data_dir)
    finally:
        await engine.dispose()
    typer.echo(f"events applied       {applied:,} (batches of {size})")
    typer.echo(f"read + decode + apply {seconds:.1f} s  =  {applied / seconds:,.0f} events/s")
    typer.echo(f"peak RSS             {peak_rss_mib():.1f} MiB")
    # On a shared machine the wall-clock rate depends on the load; CPU time much less so.
    typer.echo(f"CPU: this process   {cpu:.1f} s ({1e6 * cpu / applied:.0f} us/event)")
    if server_before is not None and server_after is not None:
        pg = server_after - server_before
        typer.echo(f"CPU: PostgreSQL     {pg:.1f} s ({1e6 * pg / applied:.0f} us/event)")
    typer.echo(f"load average         {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


@app.command()
def main(
    events: Annotated[int, typer.Option(help="Synthetic events to apply")] = 1_000_000,
    batch: Annotated[int, typer.Option(help="Events per transaction")] = 5000,
    database_url: Annotated[
        str | None, typer.Option(help="An ops database to use (default: a private cluster)")
    ] = None,
) -> None:
    """Rebuild speed and memory of the console's durable projections."""
    tune_for_batches()  # as `python -m ops serve` does
    root = Path(tempfile.mkdtemp(prefix="t2t-bench-proj-"))
    root.chmod(0o711)
    try:
        typer.echo(f"making {events:,} synthetic records (not timed)")
        write_records(root / "records.pickle", events, batch)
        if database_url:
            asyncio.run(run(database_url, root / "records.pickle", batch))
            return
        cluster = PostgresCluster(root / "pg", port=free_port(), fsync=False)
        try:
            cluster.start()
            url = cluster.dsn.replace("postgresql://", "postgresql+asyncpg://") + "/t2t_ops_bench"
            asyncio.run(run(url, root / "records.pickle", batch, cluster.data_dir))
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    app()
