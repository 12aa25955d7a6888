"""In-memory stand-ins for the groups unit of work, its repositories and the postcode data."""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Self

from groups.domain.attendance import Attendance
from groups.domain.distance import GridPoint
from groups.domain.model import Format, Group, GroupStatus
from groups.domain.placement import Placement, PlacementStatus, waiting_order
from groups.domain.roster import Facilitator
from groups.domain.sessions import Session, SessionStatus
from t2t_shared.events import IntegrationEvent


@dataclass
class Store:
    """Everything the database would hold; the unit of work snapshots it to roll back."""

    groups: dict[uuid.UUID, Group] = field(default_factory=dict)
    leaders: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)
    facilitators: dict[uuid.UUID, Facilitator] = field(default_factory=dict)
    placements: dict[uuid.UUID, Placement] = field(default_factory=dict)
    sessions: dict[uuid.UUID, Session] = field(default_factory=dict)
    attendance: dict[tuple[uuid.UUID, uuid.UUID], Attendance] = field(default_factory=dict)
    claimed: set[tuple[str, str]] = field(default_factory=set)


class FakeGroups:
    def __init__(self, store: Store) -> None:
        self.s = store

    async def add(self, g: Group) -> None:
        self.s.groups[g.id] = copy.deepcopy(g)

    async def save(self, g: Group) -> None:
        self.s.groups[g.id] = copy.deepcopy(g)

    async def flag_lapsed(self, group_id: uuid.UUID, lapsed: bool) -> None:
        self.s.groups[group_id].facilitator_lapsed = lapsed

    def _load(self, g: Group) -> Group:
        loaded = copy.deepcopy(g)
        held = [p for p in self.s.placements.values() if p.group_id == g.id]
        loaded.members = sum(p.status is PlacementStatus.MEMBER for p in held)
        loaded.offers = sum(p.status is PlacementStatus.OFFERED for p in held)
        loaded.facilitator_ids = list(self.s.leaders.get(g.id, []))
        return loaded

    async def get(self, group_id: uuid.UUID) -> Group | None:
        g = self.s.groups.get(group_id)
        return self._load(g) if g else None

    async def lock(self, group_id: uuid.UUID) -> Group | None:
        return await self.get(group_id)

    async def lock_many(self, group_ids: Sequence[uuid.UUID]) -> list[Group]:
        return [self._load(self.s.groups[i]) for i in sorted(group_ids) if i in self.s.groups]

    async def share_area(self, area: str) -> list[Group]:
        return await self.in_areas([area])

    async def lock_area(self, area: str) -> list[Group]:
        return await self.in_areas([area])

    async def in_areas(self, areas: Sequence[str] | None) -> list[Group]:
        found = [g for g in self.s.groups.values() if areas is None or g.area in areas]
        return [self._load(g) for g in sorted(found, key=lambda g: (g.area, g.name))]

    async def led_by(self, volunteer_id: uuid.UUID) -> list[Group]:
        return [
            self._load(g)
            for g in self.s.groups.values()
            if volunteer_id in self.s.leaders.get(g.id, []) and g.status is not GroupStatus.CLOSED
        ]

    async def taking_people(self) -> list[Group]:
        return [self._load(g) for g in self.s.groups.values() if g.takes_people]

    async def assign(self, group_id: uuid.UUID, volunteer_id: uuid.UUID, at: datetime) -> bool:
        leaders = self.s.leaders.setdefault(group_id, [])
        if volunteer_id in leaders:
            return False
        leaders.append(volunteer_id)
        return True


class FakePlacements:
    def __init__(self, store: Store) -> None:
        self.s = store

    async def add(self, p: Placement) -> bool:
        if p.referral_id in self.s.placements:
            return False
        self.s.placements[p.referral_id] = replace(p)
        return True

    async def claim_waiting(self, referral_id: uuid.UUID) -> Placement | None:
        p = self.s.placements.get(referral_id)
        return replace(p) if p and p.status is PlacementStatus.WAITING else None

    async def save(self, p: Placement) -> None:
        self.s.placements[p.referral_id] = replace(p)

    async def get(self, referral_id: uuid.UUID) -> Placement | None:
        p = self.s.placements.get(referral_id)
        return replace(p) if p else None

    async def waiting(self, area: str) -> list[Placement]:
        found = [
            p
            for p in self.s.placements.values()
            if p.area == area and p.status is PlacementStatus.WAITING
        ]
        return [replace(p) for p in sorted(found, key=waiting_order)]

    async def next_waiting(self, area: str, format_: Format) -> Placement | None:
        fits = [p for p in await self.waiting(area) if p.format_preference in (None, format_)]
        return fits[0] if fits else None

    async def position(self, placement: Placement) -> int:
        order = [p.referral_id for p in await self.waiting(placement.area)]
        return order.index(placement.referral_id) + 1

    async def in_group(self, group_id: uuid.UUID, status: PlacementStatus) -> list[Placement]:
        return [
            replace(p)
            for p in self.s.placements.values()
            if p.group_id == group_id and p.status is status
        ]

    async def offers_due(self, now: datetime, limit: int) -> list[tuple[uuid.UUID, str]]:
        due = [
            p
            for p in self.s.placements.values()
            if p.status is PlacementStatus.OFFERED
            and p.offer_expires_at
            and p.offer_expires_at <= now
        ]
        return [(p.referral_id, p.area) for p in due][:limit]

    async def count_by_status(self, area: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.s.placements.values():
            if p.area == area:
                counts[p.status.value] = counts.get(p.status.value, 0) + 1
        return counts

    async def waiting_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.s.placements.values():
            if p.status is PlacementStatus.WAITING:
                counts[p.area] = counts.get(p.area, 0) + 1
        return counts


class FakeFacilitators:
    def __init__(self, store: Store) -> None:
        self.s = store

    async def get(self, volunteer_id: uuid.UUID) -> Facilitator | None:
        f = self.s.facilitators.get(volunteer_id)
        return replace(f) if f else None

    async def get_many(self, ids: Sequence[uuid.UUID]) -> list[Facilitator]:
        return [replace(self.s.facilitators[i]) for i in ids if i in self.s.facilitators]

    async def save(self, f: Facilitator) -> None:
        self.s.facilitators[f.volunteer_id] = replace(f)


class FakeSessions:
    def __init__(self, store: Store) -> None:
        self.s = store

    async def add_if_new(self, session: Session) -> bool:
        if any(
            x.group_id == session.group_id and x.slot_at == session.slot_at
            for x in self.s.sessions.values()
        ):
            return False
        self.s.sessions[session.id] = replace(session)
        return True

    async def get(self, session_id: uuid.UUID, *, lock: bool = False) -> Session | None:
        s = self.s.sessions.get(session_id)
        return replace(s) if s else None

    async def save(self, session: Session) -> None:
        self.s.sessions[session.id] = replace(session)

    async def of_group(self, group_id: uuid.UUID, after: datetime | None = None) -> list[Session]:
        found = [
            replace(s)
            for s in self.s.sessions.values()
            if s.group_id == group_id and (after is None or s.starts_at >= after)
        ]
        return sorted(found, key=lambda s: s.starts_at)

    async def next_start(self, group_id: uuid.UUID, after: datetime) -> datetime | None:
        starts = [
            s.starts_at
            for s in await self.of_group(group_id, after)
            if s.status is SessionStatus.SCHEDULED
        ]
        return min(starts, default=None)

    async def record(
        self, session_id: uuid.UUID, referral_id: uuid.UUID, attendance: Attendance, at: datetime
    ) -> None:
        self.s.attendance[(session_id, referral_id)] = attendance

    async def history(self, referral_id: uuid.UUID, up_to: datetime) -> list[Attendance]:
        lines = [
            (self.s.sessions[sid].starts_at, a)
            for (sid, rid), a in self.s.attendance.items()
            if rid == referral_id and self.s.sessions[sid].starts_at <= up_to
        ]
        return [a for _, a in sorted(lines, key=lambda line: line[0])]

    async def register(self, session_id: uuid.UUID) -> dict[uuid.UUID, Attendance]:
        return {rid: a for (sid, rid), a in self.s.attendance.items() if sid == session_id}


class FakeOutbox:
    def __init__(self) -> None:
        self.events: list[IntegrationEvent] = []
        self.pending: list[IntegrationEvent] = []
        self.written = 0

    async def add_event(
        self, event: IntegrationEvent, *, topic: str, traceparent: str | None = None
    ) -> None:
        assert topic == "t2t.groups.events"
        self.pending.append(event)

    def of(self, kind: type[IntegrationEvent]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]

    def names(self) -> list[str]:
        return [type(e).__name__ for e in self.events]


class FakeInbox:
    def __init__(self, store: Store) -> None:
        self.s = store

    async def claim(self, ce_source: str, ce_id: str) -> bool:
        if (ce_source, ce_id) in self.s.claimed:
            return False
        self.s.claimed.add((ce_source, ce_id))
        return True


class FakeAttempt:
    """A savepoint: undoing it puts the store back as it was when the attempt began."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.snapshot = copy.deepcopy(store)
        self.undone = 0

    async def undo(self) -> None:
        self.undone += 1
        self.store.__dict__.update(copy.deepcopy(self.snapshot).__dict__)


class FakeUnitOfWork:
    """Rolls the store back unless committed, as the database transaction would."""

    def __init__(self, store: Store | None = None, outbox: FakeOutbox | None = None) -> None:
        self.store = store or Store()
        self.outbox = outbox or FakeOutbox()
        self.commits = 0

    def __call__(self) -> Self:
        return self

    async def __aenter__(self) -> Self:
        self._snapshot = copy.deepcopy(self.store)
        self.outbox.pending = []
        self.groups = FakeGroups(self.store)
        self.placements = FakePlacements(self.store)
        self.facilitators = FakeFacilitators(self.store)
        self.sessions = FakeSessions(self.store)
        self.inbox = FakeInbox(self.store)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._snapshot is not None:
            self.store.__dict__.update(self._snapshot.__dict__)
        self.outbox.pending = []

    @asynccontextmanager
    async def attempt(self) -> AsyncIterator[FakeAttempt]:
        yield FakeAttempt(self.store)

    async def commit(self) -> None:
        self.commits += 1
        self._snapshot = copy.deepcopy(self.store)
        self.outbox.events.extend(self.outbox.pending)
        self.outbox.pending = []


class FakeDistances:
    """District centres and venue postcodes on a toy grid, given in kilometres."""

    def __init__(
        self, districts: dict[str, tuple[float, float]], postcodes: dict[str, tuple[float, float]]
    ) -> None:
        self.districts = {k: GridPoint(e * 1000, n * 1000) for k, (e, n) in districts.items()}
        self.postcodes = {k: GridPoint(e * 1000, n * 1000) for k, (e, n) in postcodes.items()}

    def locate_postcode(self, postcode: str) -> GridPoint | None:
        return self.postcodes.get(postcode)

    def locate_district(self, district: str) -> GridPoint | None:
        return self.districts.get(district)
