"""Durable read models on the real broker and PostgreSQL: restart, replay, rebuild, erasure."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from services.ops.tests.synthetic import Catalogue, new_id
from t2t_shared.envelope import EventRecord, header_value
from tests.fixtures.services import Infra, eventually, unique_prefix

from .projection_support import (
    ADMIN,
    OPS,
    caught_up,
    console,
    create_topics,
    figures,
    read_at_least,
    send,
)

pytestmark = pytest.mark.integration

GROUP_CREATED = "t2t.groups.GroupCreated.v1"


def history(catalogue: Catalogue) -> list[EventRecord]:
    records: list[EventRecord] = []
    for reach, source in [("joined", "gp"), ("contacted", "self"), ("received", "gp")]:
        records += catalogue.referral(area="leeds", reach=reach, source=source)
    records += catalogue.referral(area="york", reach="regular_attender")
    records += catalogue.group(area="leeds", capacity=10, members=4)
    records += [catalogue.waitlisted(area="leeds")]
    records += catalogue.volunteer(area="leeds", reach="trained", left="moved")
    records += [catalogue.notification(area="leeds", channel="sms", failed="no_address")]
    records += [catalogue.provider_paused("smtp", channel="email", reason="timeout")]
    return records


def stage(funnel: dict[str, Any], name: str) -> int:
    return next(s["count"] for s in funnel["rows"][0]["stages"] if s["stage"] == name)


async def fresh(infra: Infra) -> tuple[str, str, Catalogue, list[EventRecord]]:
    prefix = unique_prefix()
    await create_topics(infra, prefix)
    catalogue = Catalogue(prefix)
    records = history(catalogue)
    await send(infra, records)
    return prefix, await infra.migrated_database("ops"), catalogue, records


async def test_figures_survive_a_restart_and_reading_resumes_from_the_stored_offsets(
    infra: Infra,
) -> None:
    prefix, url, catalogue, records = await fresh(infra)
    async with console(infra, url, prefix) as first:
        before = await figures(first.client)
    assert stage(before["funnel"], "received") == 3
    later = catalogue.referral(area="leeds", reach="contacted")
    await send(infra, later)

    async with console(infra, url, prefix) as second:
        status = await read_at_least(second, len(records) + len(later))
        after = await figures(second.client)
    # Only what arrived while it was stopped was read again: the rest came from PostgreSQL.
    assert status["read"] == len(later)
    assert stage(after["funnel"], "received") == 4
    assert stage(after["funnel"], "contacted") == stage(before["funnel"], "contacted") + 1
    for unchanged in ("capacity", "volunteers", "notifications", "providers", "follow_up"):
        assert after[unchanged] == before[unchanged]
    assert before["capacity"] == [
        {
            "area": "leeds",
            "groups_planned": 0,
            "groups_open": 1,
            "groups_full": 0,
            "free_places": 6,
            "waiting": 1,
        }
    ]


async def test_a_replayed_or_redriven_copy_changes_nothing(infra: Infra) -> None:
    prefix, url, catalogue, records = await fresh(infra)
    async with console(infra, url, prefix) as running:
        before = await figures(running.client)
        copies = [r for r in records if r.topic.endswith("referrals.events")]
        # A later event of the same referral, on the same partition, shows the copies were read.
        rid = copies[0].key
        marker = catalogue.example(
            "referrals",
            "ContactAttempted",
            rid,
            {"referral_id": rid, "area": "leeds", "outcome": "no_answer"},
            at=datetime.now(UTC),
        )
        await send(infra, [*copies, marker])
        await read_at_least(running, len(records) + 1)
        after = await figures(running.client)
    assert after["events_by_type"].pop(header_value(marker.headers, "ce_type")) == 1
    assert after == before


async def test_a_rebuild_from_the_topics_gives_the_same_figures(infra: Infra) -> None:
    prefix, url, _, records = await fresh(infra)
    async with console(infra, url, prefix) as running:
        before = await figures(running.client)
        answer = await running.client.post("/api/projections/rebuild", headers=ADMIN)
        assert answer.status_code == 202
        refused = await running.client.post("/api/projections/rebuild", headers=OPS)
        assert refused.status_code == 403

        async def rebuilt() -> bool:
            status = (await running.client.get("/api/status", headers=OPS)).json()
            return bool(status["caught_up"] and status["read"] >= len(records))

        await eventually(rebuilt, within=60)
        await caught_up(running)
        assert await figures(running.client) == before


async def journey_keys(url: str) -> tuple[list[str], list[str]]:
    """The journeys' keys and the erased referrals' digests, as stored."""
    engine = create_async_engine(url.replace("postgresql://", "postgresql+asyncpg://", 1))
    try:
        async with engine.connect() as conn:
            keys = list(await conn.scalars(sa.text("SELECT referral_id FROM journeys")))
            digests = list(await conn.scalars(sa.text("SELECT digest FROM erased_referrals")))
    finally:
        await engine.dispose()
    return keys, digests


def late_placement(catalogue: Catalogue, rid: str, name: str, group_id: str) -> EventRecord:
    """A groups event about the referral, as groups publishes it, read after the erasure."""
    data: dict[str, Any] = {"referral_id": rid, "person_id": new_id(), "area": "leeds"}
    data |= {"group_id": group_id, "group_name": "Headingley", "first_session_at": None}
    if name == "MemberJoined":
        data |= {"members": 2, "capacity": 10}
    else:
        data |= {"format": "in_person", "offered_at": datetime.now(UTC).isoformat()}
    return catalogue.example("groups", name, rid, data, at=datetime.now(UTC))


async def test_an_erased_referral_keeps_its_counts_and_late_news_does_not_bring_its_id_back(
    infra: Infra,
) -> None:
    prefix, url, catalogue, records = await fresh(infra)
    rid = records[0].key
    group_id = next(r.key for r in records if header_value(r.headers, "ce_type") == GROUP_CREATED)
    closed = catalogue.example(
        "referrals",
        "ReferralClosed",
        rid,
        {"referral_id": rid, "area": "leeds", "outcome": "other", "erased": True},
        at=datetime.now(UTC),
    )
    late = [late_placement(catalogue, rid, n, group_id) for n in ("PlaceOffered", "MemberJoined")]
    async with console(infra, url, prefix) as running:
        # The erasure comes after the referral's history, from every topic, has been read.
        await read_at_least(running, len(records))
        await send(infra, [closed])
        await read_at_least(running, len(records) + 1)
        erased = await figures(running.client)
        rows_erased, _ = await journey_keys(url)
        # Groups' topic is in no order with referrals': its news of the referral comes later.
        await send(infra, late)
        await read_at_least(running, len(records) + 1 + len(late))
        after = await figures(running.client)
    assert (stage(after["funnel"], "received"), stage(after["funnel"], "joined")) == (3, 1)
    assert after["funnel"] == erased["funnel"]
    keys, digests = await journey_keys(url)
    assert rid not in keys
    assert len(keys) == len(rows_erased)
    assert sum(k.startswith("erased-") for k in keys) == 1
    assert digests == [hashlib.sha256(rid.encode()).hexdigest()]
    # The late MemberJoined still counts for its group: 2 of its 10 places taken now.
    assert [a["free_places"] for a in (*erased["capacity"], *after["capacity"])] == [6, 8]


async def test_a_move_between_groups_keeps_both_groups_free_places(infra: Infra) -> None:
    prefix, url, catalogue, records = await fresh(infra)
    leeds = next(r.key for r in records if header_value(r.headers, "ce_type") == GROUP_CREATED)
    york = catalogue.group(area="york", capacity=8, members=6)
    # Someone moves from the York group (6 → 5 of 8) into the Leeds one (4 → 5 of 10).
    move = catalogue.moved(
        new_id(), area="leeds", from_group=(york[0].key, 5, 8), to_group=(leeds, 5, 10)
    )
    async with console(infra, url, prefix) as running:
        await send(infra, york)
        before = await read_at_least(running, len(records) + len(york))
        free_before = [await free_places(running, a) for a in ("leeds", "york")]
        await send(infra, [move])
        await read_at_least(running, sum(before["events_by_type"].values()) + 1)
        free_after = [await free_places(running, a) for a in ("leeds", "york")]
    assert (free_before, free_after) == ([6, 2], [5, 3])


async def free_places(running: Any, area: str) -> int:
    capacity = (await running.client.get(f"/api/capacity?area={area}", headers=OPS)).json()
    return sum(a["free_places"] for a in capacity)
