"""`t2t events tail`, `t2t lag`, `t2t dlq …`, `t2t funnel` and `t2t replay`."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime
from typing import Annotated

import typer

from ops.domain.feed import FeedFilter, FeedItem
from ops.domain.lag import GroupLag, LagHistory, group_lag
from ops.domain.observed import ObservedEvent
from ops.domain.since import InvalidSince, parse_since
from t2t_cli.choices import PublishingService
from t2t_cli.ops import render
from t2t_cli.ops.dlq import dlq_app
from t2t_cli.ops.replay import replay
from t2t_cli.ops.settings import selection, settings
from t2t_cli.ops.unreachable import needs_broker

events_app = typer.Typer(help="Follow the public event topics.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="JSON lines for scripts")]


def register(app: typer.Typer) -> None:
    app.add_typer(events_app, name="events")
    app.add_typer(dlq_app, name="dlq")
    app.command()(needs_broker(lag))
    app.command()(needs_broker(funnel))
    app.command(name="replay")(needs_broker(replay))


@events_app.command()
@needs_broker
def tail(
    service: Annotated[
        PublishingService | None, typer.Option(help="Only this service's events")
    ] = None,
    type: Annotated[
        str | None, typer.Option(help="Only this type: a full ce_type or an event name")
    ] = None,
    area: Annotated[str | None, typer.Option(help="Only this area")] = None,
    json: Json = False,
    from_beginning: Annotated[
        bool, typer.Option(help="Print what is already on the topics too")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="Stop after this many events")] = None,
    seconds: Annotated[float | None, typer.Option(help="Stop after this many seconds")] = None,
) -> None:
    """Print events as they are published, decoded: time, type, area, subject id."""
    s = settings()
    if service and service not in s.observed_services:
        raise typer.BadParameter(
            f"one of: {', '.join(s.observed_services)}", param_hint="--service"
        )
    which = FeedFilter(service, type, area)
    printed = 0

    def show(event: ObservedEvent) -> None:
        nonlocal printed
        item = FeedItem(
            0,
            event.id,
            event.time,
            event.service,
            event.type,
            event.name,
            event.area,
            event.subject,
        )
        if (limit is not None and printed >= limit) or not which.matches(item):
            return
        printed += 1
        if json:
            typer.echo(render.to_json(render.event_line(event)))
        else:
            render.print_event(event)

    async def follow() -> None:
        from t2t_cli.ops.reading import Collector, observing

        collector = Collector(on_live=show, everything=from_beginning)
        async with observing(s, selection(s, "events"), collector) as observer:
            await observer.catch_up()
            if not json:
                partitions = observer.progress().partitions
                render.err.print(f"[dim]following {partitions} partitions…[/]")
            deadline = time.monotonic() + seconds if seconds else None
            refreshed = time.monotonic()
            while (limit is None or printed < limit) and (
                deadline is None or time.monotonic() < deadline
            ):
                await observer.poll(timeout_ms=300)
                if time.monotonic() - refreshed > 2.0:  # a topic created since we started
                    refreshed = time.monotonic()
                    await observer.refresh()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(follow())


def lag(
    json: Json = False,
    samples: Annotated[int, typer.Option(min=1, help="Measure this many times to see a trend")] = 1,
    interval: Annotated[float, typer.Option(help="Seconds between samples")] = 2.0,
) -> None:
    """Consumer lag per group: events behind and the age of the oldest one waiting."""
    s = settings()
    chosen = selection(s, "events")
    groups = [chosen.group_id(c) for c in s.consumer_groups]

    async def measure() -> list[GroupLag]:
        from ops.adapters.lag_probe import KafkaLagProbe
        from t2t_shared.messaging.kafka import KafkaConnection

        probe = KafkaLagProbe(KafkaConnection.from_settings(s), chosen)
        history = LagHistory(window=max(1, samples - 1))
        try:
            for sample in range(samples):
                if sample:
                    await asyncio.sleep(interval)
                positions = await probe.positions(groups)
                now = datetime.now(UTC)
                lags = [
                    group_lag(g, p, now=now, rising=history.record(g, sum(x.behind for x in p)))
                    for g, p in positions.items()
                ]
            return lags
        finally:
            await probe.close()

    lags = asyncio.run(measure())
    if json:
        typer.echo(render.to_json(lags))
    else:
        render.out.print(render.lag_table(lags))


def funnel(
    area: Annotated[str | None, typer.Option(help="Only this area")] = None,
    since: Annotated[str | None, typer.Option(help="30d, 12h, 2w or an ISO date")] = None,
    json: Json = False,
) -> None:
    """The referral funnel per source, from the topics as they are now."""
    s = settings()
    if area and area not in s.areas:
        raise typer.BadParameter(f"unknown area; one of: {', '.join(s.areas)}", param_hint="--area")
    try:
        since_at = parse_since(since, datetime.now(UTC))
    except InvalidSince as exc:
        raise typer.BadParameter(str(exc), param_hint="--since") from exc
    from t2t_cli.ops.reading import read_models

    chosen = selection(s, "events", services=("referrals", "groups"))
    models = asyncio.run(read_models(s, chosen))
    report = models.funnel.report(area=area, since=since_at)
    if json:
        typer.echo(render.to_json(report))
    else:
        render.out.print(render.funnel_table(report))
