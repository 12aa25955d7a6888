"""The volunteers service over the real PostgreSQL and broker: from applicant to active."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.fixtures.services import Infra, auth, eventually, publish, serving, unique_prefix
from volunteers.adapters import orm
from volunteers.bootstrap import Container, bootstrap
from volunteers.config import Settings
from volunteers.entrypoints.app import create_app

from .support import (
    NOW,
    PERSONAL_VALUES,
    Collector,
    MovableClock,
    facilitator_assigned,
    groups_topics_exist,
    to_trained,
)

pytestmark = pytest.mark.integration

COORDINATOR = auth("coordinator", ["leeds"])
ADMIN = auth("admin", ["*"])


@dataclass
class Running:
    prefix: str
    container: Container
    client: httpx.AsyncClient
    clock: MovableClock
    seen: Collector

    async def publish(self, *records: object) -> None:
        await publish(self.container.settings.kafka_bootstrap, list(records))  # type: ignore[arg-type]

    async def handled(self, ce_id: str) -> bool:
        t = orm.processed_messages
        async with self.container.runtime.engine.connect() as conn:
            found = await conn.scalar(sa.select(t.c.ce_id).where(t.c.ce_id == ce_id))
        return found is not None

    async def status(self, vid: str) -> str:
        response = await self.client.get(f"/volunteers/{vid}", headers=COORDINATOR)
        return str(response.json()["status"])


def _ce_id(record: tuple[Any, ...]) -> str:
    return dict(record[3])["ce_id"].decode()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
async def running(infra: Infra) -> AsyncIterator[Running]:
    """One service for the module: its consumer group joins once, not per test."""
    prefix = unique_prefix()
    url = await infra.migrated_database("volunteers")
    await groups_topics_exist(infra.kafka_bootstrap, prefix)
    clock = MovableClock()
    # Every test applies from the same address: the form's rate limit is not under test here.
    settings = Settings(**infra.settings_kwargs(url, prefix), application_burst=1000)
    container = bootstrap(settings, clock=clock)
    async with serving(container, create_app(container), "http://volunteers") as client:

        async def ready() -> bool:
            return (await client.get("/readyz")).status_code == 200

        await eventually(ready, within=30)
        suffixes = ("volunteers.events", "volunteers.contacts", "volunteers.dlq")
        seen = Collector(infra.kafka_bootstrap, [prefix + s for s in suffixes])
        await seen.start()
        try:
            yield Running(prefix, container, client, clock, seen)
        finally:
            await seen.stop()


async def test_an_applicant_becomes_trained_then_active_on_facilitator_assigned(
    running: Running,
) -> None:
    vid = await to_trained(running.client, COORDINATOR)

    await eventually(lambda: "FacilitatorTrained" in running.seen.types(vid))
    [trained] = [s for s in running.seen.of(vid) if s.ce_type and "FacilitatorTrained" in s.ce_type]
    assert trained.data == {
        "volunteer_id": vid,
        "area": "leeds",
        "course": "core_facilitator",
        "completed_at": "2026-03-10T00:00:00Z",
        "valid_until": "2028-03-10",
    }
    assert trained.headers["ce_source"] == "/t2t/dev/volunteers"
    assert trained.headers["ce_subject"] == vid

    group_id = str(uuid.uuid4())
    assigned = facilitator_assigned(running.prefix, vid, group_id)
    # Redelivered, then a later assignment of the same group (same key, so in order after it).
    later = facilitator_assigned(running.prefix, vid, group_id)
    await running.publish(assigned, assigned, later)

    await eventually(lambda: running.seen.types(vid).count("VolunteerActivated") >= 2)
    assert await running.status(vid) == "active"
    assert running.seen.types(vid) == [
        "VolunteerApplied",
        "ScreeningStarted",
        "VolunteerScreened",
        "TrainingStarted",
        "FacilitatorTrained",
        "VolunteerActivated",
        "VolunteerActivated",
    ]
    activated = [s.data for s in running.seen.of(vid) if s.ce_type and "Activated" in s.ce_type]
    assert all(a is not None and a["group_id"] == group_id for a in activated)


async def test_public_events_carry_no_personal_data_and_contacts_do(running: Running) -> None:
    vid = await to_trained(running.client, COORDINATOR)
    supervisor = {"name": "Dr Okoro", "role": "GP", "organisation": "Leeds Community Healthcare"}
    response = await running.client.put(
        f"/volunteers/{vid}/supervisor", json=supervisor, headers=COORDINATOR
    )
    assert response.status_code == 200

    await eventually(lambda: len(running.seen.of(vid, "volunteers.contacts")) == 2)
    first, latest = running.seen.of(vid, "volunteers.contacts")
    assert first.data is not None
    assert latest.data is not None
    assert (first.data["given_name"], first.data["mobile"]) == ("Priya", "+447700900456")
    assert first.data["supervisor_name"] is None
    assert (latest.data["supervisor_name"], latest.data["supervisor_organisation"]) == (
        "Dr Okoro",
        "Leeds Community Healthcare",
    )
    # Stamped with the volunteer's version as saved: readers keep the newer record.
    assert first.data["version"] == 1 < latest.data["version"]
    public = b"".join(s.raw or b"" for s in running.seen.of(vid)).decode()
    assert "FacilitatorTrained" in "".join(running.seen.types(vid))
    assert [v for v in PERSONAL_VALUES if v in public] == []


async def test_erasure_leaves_an_anonymised_record_and_a_tombstone(running: Running) -> None:
    vid = await to_trained(running.client, COORDINATOR)

    response = await running.client.delete(f"/people/{vid}", headers=ADMIN)

    assert response.status_code == 200
    assert response.json()["volunteers"] == {"erased": [vid], "left": [vid]}
    shown = (await running.client.get(f"/volunteers/{vid}", headers=COORDINATOR)).json()
    assert (shown["person"], shown["erased"], shown["status"]) == (None, True, "left")
    assert shown["dbs"]["certificate_number"] is None
    await eventually(lambda: running.seen.types(vid, "volunteers.contacts")[-1:] == ["tombstone"])
    await eventually(lambda: "VolunteerLeft" in running.seen.types(vid))
    [left] = [s for s in running.seen.of(vid) if s.ce_type and "VolunteerLeft" in s.ce_type]
    assert left.data is not None
    assert (left.data["reason"], left.data["stage_left_from"]) == ("other", "trained")


async def test_assignments_that_cannot_apply_are_skipped_or_dead_lettered(
    running: Running,
) -> None:
    vid = await to_trained(running.client, COORDINATOR)
    await running.client.post(f"/volunteers/{vid}/pause", headers=COORDINATOR)
    unknown = facilitator_assigned(running.prefix, str(uuid.uuid4()))
    paused = facilitator_assigned(running.prefix, vid)

    await running.publish(unknown, paused)

    paused_key, unknown_key = (paused[1] or b"").decode(), (unknown[1] or b"").decode()

    await eventually(lambda: running.seen.of(paused_key, "volunteers.dlq"), within=30)
    [parked] = running.seen.of(paused_key, "volunteers.dlq")
    assert "paused" in parked.headers["t2t-error"]
    # The unknown volunteer's event was handled (claimed in the inbox), not parked.
    await eventually(lambda: running.handled(_ce_id(unknown)))
    assert running.seen.of(unknown_key, "volunteers.dlq") == []
    assert await running.status(vid) == "paused"


async def test_the_sweep_reminds_then_expires_once_each_on_a_moved_clock(
    running: Running,
) -> None:
    vid = await to_trained(running.client, COORDINATOR)  # valid until 2028-03-10
    sweep = running.container.sweep()
    try:
        for day in (date(2028, 2, 8), date(2028, 2, 9), date(2028, 2, 10), date(2028, 2, 11)):
            running.clock.now = NOW.replace(year=day.year, month=day.month, day=day.day)
            await sweep()
        for day in (date(2028, 3, 10), date(2028, 3, 11)):
            running.clock.now = NOW.replace(year=day.year, month=day.month, day=day.day)
            await sweep()
        shown = (await running.client.get(f"/volunteers/{vid}", headers=COORDINATOR)).json()
    finally:
        running.clock.now = NOW

    await eventually(lambda: "TrainingExpired" in running.seen.types(vid))
    notices = [
        s.data
        for s in running.seen.of(vid)
        if s.ce_type and ("RenewalDue" in s.ce_type or "TrainingExpired" in s.ce_type)
    ]
    assert notices == [
        {
            "volunteer_id": vid,
            "area": "leeds",
            "check": "training",
            "expires_on": "2028-03-10",
            "days_left": 30,
        },
        {"volunteer_id": vid, "area": "leeds", "check": "training", "expired_on": "2028-03-10"},
    ]
    assert (shown["eligible"], shown["training_valid_until"]) == (False, "2028-03-10")


async def test_pause_resume_refresher_and_leaving_reach_the_topic_in_order(
    running: Running,
) -> None:
    vid = await to_trained(running.client, COORDINATOR)
    await running.publish(facilitator_assigned(running.prefix, vid))
    await eventually(lambda: "VolunteerActivated" in running.seen.types(vid))
    base = f"/volunteers/{vid}"
    steps: list[tuple[str, dict[str, Any] | None, str]] = [
        ("/pause", {"until": "2026-06-01"}, "paused"),
        ("/resume", None, "active"),
        ("/training/refresher/start", None, "active"),
        ("/training/refresher/complete", {"sessions_attended": 1}, "active"),
        ("/leave", {"reason": "moved"}, "left"),
    ]
    for path, body, status in steps:
        response = await running.client.post(base + path, json=body, headers=COORDINATOR)
        assert response.status_code == 200, (path, response.text)
        assert response.json()["status"] == status

    await eventually(lambda: "VolunteerLeft" in running.seen.types(vid))
    assert running.seen.types(vid)[-6:] == [
        "VolunteerActivated",
        "VolunteerPaused",
        "VolunteerResumed",
        "TrainingStarted",
        "FacilitatorTrained",
        "VolunteerLeft",
    ]
    by_type = {s.ce_type.split(".")[2]: s.data for s in running.seen.of(vid) if s.ce_type}
    assert by_type["VolunteerPaused"] == {
        "volunteer_id": vid,
        "area": "leeds",
        "paused_at": "2026-03-10T09:30:00Z",
        "until": "2026-06-01",
    }
    assert by_type["FacilitatorTrained"]["course"] == "refresher"  # the latest one
    assert by_type["VolunteerLeft"] == {
        "volunteer_id": vid,
        "area": "leeds",
        "reason": "moved",
        "stage_left_from": "active",
        "left_at": "2026-03-10T09:30:00Z",
    }
