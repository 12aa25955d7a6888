"""Volunteers on the real PostgreSQL: races, the worklist's SQL filters, sweeps side by side.

No lifespan here (no relay, no consumer group to join): events stay in the outbox table,
which is what these tests read.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.fixtures.services import Infra, auth, unique_prefix
from volunteers.adapters import orm
from volunteers.bootstrap import Container, bootstrap
from volunteers.config import Settings
from volunteers.entrypoints.app import create_app

from .support import APPLICATION, NOW, MovableClock, to_trained

pytestmark = pytest.mark.integration

LEEDS = auth("coordinator", ["leeds"])


@dataclass
class Service:
    container: Container
    client: httpx.AsyncClient
    clock: MovableClock

    async def apply(self, **changes: Any) -> str:
        response = await self.client.post("/applications", json={**APPLICATION, **changes})
        assert response.status_code == 201, response.text
        return str(response.json()["volunteer_id"])

    async def outbox_types(self, vid: str) -> list[str]:
        async with self.container.runtime.engine.connect() as conn:
            rows = await conn.execute(
                sa.select(orm.outbox.c.header_keys, orm.outbox.c.header_values)
                .where(orm.outbox.c.key == vid)
                .order_by(orm.outbox.c.id)
            )
            return [
                dict(zip(keys, values, strict=True))
                .get("ce_type", b"tombstone")
                .decode()
                .split(".")[-2]
                for keys, values in rows
            ]


@pytest.fixture(scope="module")
async def service(infra: Infra) -> AsyncIterator[Service]:
    url = await infra.migrated_database("volunteers")
    clock = MovableClock()
    settings = Settings(
        **infra.settings_kwargs(url, unique_prefix()),
        application_burst=1000,
        areas=("leeds", "york"),
    )
    container = bootstrap(settings, clock=clock)
    transport = httpx.ASGITransport(create_app(container))
    async with httpx.AsyncClient(transport=transport, base_url="http://volunteers") as client:
        yield Service(container, client, clock)
    await container.runtime.engine.dispose()


async def test_two_coordinators_starting_screening_at_once_cannot_both_win(
    service: Service,
) -> None:
    vid = await service.apply()

    responses = await asyncio.gather(
        *(service.client.post(f"/volunteers/{vid}/screening", headers=LEEDS) for _ in range(4))
    )

    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409]
    assert {r.json()["current_state"] for r in responses if r.status_code == 409} == {"screening"}
    assert (await service.outbox_types(vid)).count("ScreeningStarted") == 1


async def test_sweeps_running_side_by_side_send_each_notice_once(service: Service) -> None:
    ids = [await to_trained(service.client, LEEDS) for _ in range(3)]
    service.clock.now = NOW.replace(year=2028, month=3, day=1)
    try:
        sent = await asyncio.gather(*(service.container.sweep()() for _ in range(3)))
    finally:
        service.clock.now = NOW

    assert sum(sent) >= 3
    for vid in ids:
        assert (await service.outbox_types(vid)).count("RenewalDue") == 1
    async with service.container.runtime.engine.connect() as conn:
        reminded = await conn.scalars(
            sa.select(orm.volunteers.c.training_reminded_for).where(orm.volunteers.c.id.in_(ids))
        )
        assert {str(d) for d in reminded} == {"2028-03-10"}


async def test_the_worklist_filters_in_sql(service: Service) -> None:
    service.clock.now = NOW - timedelta(days=10)
    amber = await service.apply(area="york")
    service.clock.now = NOW - timedelta(days=20)
    red = await service.apply(area="york")
    service.clock.now = NOW
    fresh = await service.apply(area="york")
    york = auth("coordinator", ["york"])

    async def ids(query: str) -> list[str]:
        response = await service.client.get(f"/volunteers?{query}", headers=york)
        assert response.status_code == 200, response.text
        return [i["id"] for i in response.json()["items"]]

    assert await ids("overdue=amber") == [amber]
    assert await ids("overdue=red") == [red]
    assert await ids("status=applied") == [red, amber, fresh]  # longest waiting first
    assert await ids("status=applied&limit=1&offset=1") == [amber]
    assert await ids("status=trained") == []

    stats = (await service.client.get("/volunteers/stats", headers=york)).json()
    assert stats["by_stage"]["applied"] == 3
    assert stats["by_stage"]["left"] == 0


async def test_expiring_within_days_finds_training_and_dbs(service: Service) -> None:
    vid = await to_trained(service.client, LEEDS)  # training until 2028-03-10, DBS 2029-03-01
    service.clock.now = NOW.replace(year=2028, month=2, day=20)
    try:
        soon = await service.client.get("/volunteers?expiring_within_days=20", headers=LEEDS)
        not_yet = await service.client.get("/volunteers?expiring_within_days=10", headers=LEEDS)
    finally:
        service.clock.now = NOW

    assert vid in [i["id"] for i in soon.json()["items"]]
    assert vid not in [i["id"] for i in not_yet.json()["items"]]


async def test_a_volunteer_round_trips_through_every_table(service: Service) -> None:
    vid = await to_trained(service.client, LEEDS)
    supervisor = {"name": "Dr Okoro", "role": "GP", "organisation": "Leeds Community Healthcare"}
    await service.client.put(f"/volunteers/{vid}/supervisor", json=supervisor, headers=LEEDS)
    await service.client.post(
        f"/volunteers/{vid}/pause", json={"until": "2026-05-01"}, headers=LEEDS
    )

    shown = (await service.client.get(f"/volunteers/{vid}", headers=LEEDS)).json()

    assert shown["status"] == "paused"
    assert shown["paused_until"] == "2026-05-01"
    assert shown["supervisor"] == supervisor
    assert [r["status"] for r in shown["references"]] == ["complete", "complete"]
    assert shown["dbs"]["level"] == "enhanced"
    assert shown["training"][0]["sessions_attended"] == 4
    assert shown["person"]["mobile"] == "+447700900456"
    assert shown["availability"] == [{"day": "thursday", "part_of_day": "evening"}]


async def test_contact_records_carry_increasing_versions_and_the_tombstone_stays_one(
    service: Service,
) -> None:
    vid = await to_trained(service.client, LEEDS)
    changes = [
        {"name": f"Dr Okoro {n}", "role": "GP", "organisation": "Leeds Community Healthcare"}
        for n in range(4)
    ]
    responses = await asyncio.gather(
        *(
            service.client.put(f"/volunteers/{vid}/supervisor", json=c, headers=LEEDS)
            for c in changes
        )
    )
    assert [r.status_code for r in responses] == [200] * 4, [r.text for r in responses]

    records = [json.loads(v) for v in await contact_values(service, vid)]
    # Racing changes queue on the volunteer's row: each commits one version above the last.
    assert [r["version"] for r in records] == [1, 2, 3, 4, 5]

    erased = await service.client.delete(f"/people/{vid}", headers=auth("admin", ["*"]))
    assert erased.status_code == 200, erased.text
    assert erased.json()["outbox_rows_blanked"] == 5
    assert await contact_values(service, vid) == [None] * 6, "blanked, then the tombstone"


async def test_erasure_blanks_the_published_contact_records_too(service: Service) -> None:
    vid = await service.apply()
    async with service.container.runtime.engine.begin() as conn:
        # As the relay leaves them: `t2t replay` republishes published rows from here.
        await conn.execute(
            sa.update(orm.outbox).where(orm.outbox.c.key == vid).values(published_at=sa.func.now())
        )
    assert (await contact_values(service, vid))[0] is not None

    erased = await service.client.delete(f"/people/{vid}", headers=auth("admin", ["*"]))
    assert erased.status_code == 200, erased.text
    assert erased.json()["outbox_rows_blanked"] == 1

    assert await contact_values(service, vid) == [None, None]
    readable = [v for v in await all_values(service, vid) if v is not None]
    assert not [v for v in readable if b"@" in v or b"7700" in v], "no contact detail left"


async def contact_values(service: Service, vid: str) -> list[bytes | None]:
    async with service.container.runtime.engine.connect() as conn:
        rows = await conn.execute(
            sa.select(orm.outbox.c.value)
            .where(orm.outbox.c.key == vid, orm.outbox.c.topic.endswith("volunteers.contacts"))
            .order_by(orm.outbox.c.id)
        )
        return [r.value for r in rows]


async def all_values(service: Service, vid: str) -> list[bytes | None]:
    async with service.container.runtime.engine.connect() as conn:
        rows = await conn.execute(sa.select(orm.outbox.c.value).where(orm.outbox.c.key == vid))
        return [r.value for r in rows]
