"""`t2t demo`: the pilot's year, played through the public APIs of a running stack."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from t2t_cli.demo.client import Api, Endpoints
from t2t_cli.demo.opening import open_groups
from t2t_cli.demo.placing import answer_offers, take_registers
from t2t_cli.demo.plan import SCALES, DropOff
from t2t_cli.demo.recruiting import recruit
from t2t_cli.demo.referring import referrals_year, referring_practices
from t2t_cli.demo.register import import_sample_register
from t2t_cli.demo.summary import console_funnel, render
from t2t_cli.demo.tally import Tally
from t2t_shared.settings import PlatformSettings

T = TypeVar("T")


@dataclass(frozen=True)
class DemoOptions:
    scale: str = "small"
    seed: int = 2019
    concurrency: int = 16


async def play(
    options: DemoOptions,
    endpoints: Endpoints,
    settings: PlatformSettings,
    console: Console | None = None,
) -> Tally:
    scale = SCALES[options.scale]
    rng = random.Random(options.seed)
    drop = DropOff()
    tally = Tally()
    areas = list(settings.areas[: scale.areas])
    today = datetime.now(UTC).date()
    console = console or Console(stderr=True)
    columns = (
        TextColumn("{task.description:<34}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    async with Api(endpoints, settings, concurrency=options.concurrency) as api:
        with Progress(*columns, console=console) as progress:

            async def phase(
                name: str, total: int, work: Callable[[Callable[[], None]], Awaitable[T]]
            ) -> T:
                task = progress.add_task(name, total=total)
                result = await work(lambda: progress.advance(task))
                progress.update(task, completed=total)
                return result

            await phase(
                "Practice register imported (NHS ODS)",
                1,
                lambda tick: import_sample_register(api, tally),
            )
            trained = await phase(
                "Volunteers apply, are screened, trained",
                scale.volunteers_per_area * len(areas),
                lambda tick: recruit(
                    api, rng, areas, scale.volunteers_per_area, today, drop, tally, tick
                ),
            )
            groups = await phase(
                "Groups set up and opened",
                scale.groups_per_area * len(areas),
                lambda tick: open_groups(api, rng, trained, scale.groups_per_area, tally, tick),
            )
            active = referring_practices(rng, areas, scale.practices_per_area, drop, tally)
            referred = await phase(
                "Referrals, triage and first contact",
                scale.referrals,
                lambda tick: referrals_year(
                    api, rng, active, scale.referrals, today, drop, tally, tick
                ),
            )
            referred.sort(key=lambda r: r.referral_id)
            accepted = [r for r in referred if r.accepted]
            members = await phase(
                "Places offered and answered",
                len(accepted),
                lambda tick: answer_offers(api, rng, accepted, drop, tally, tick),
            )
            area_of = {r.referral_id: r.area for r in referred}
            await phase(
                "Sessions and registers",
                sum(len(g) for g in groups.values()),
                lambda tick: take_registers(
                    api, rng, members, area_of, scale.sessions_with_attendance, drop, tally, tick
                ),
            )
    return tally


async def play_and_summarise(
    options: DemoOptions, endpoints: Endpoints, settings: PlatformSettings, console: Console
) -> Tally:
    started = datetime.now(UTC)
    tally = await play(options, endpoints, settings, console)
    async with Api(endpoints, settings) as api:
        seen = await console_funnel(api, started, tally.funnel())
    render(console, tally, seen)
    return tally
