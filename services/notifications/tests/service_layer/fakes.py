"""An in-memory unit of work: the handlers' logic without a database."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from notifications.domain.facts import GroupFacts, ReferralFacts, SessionFacts
from notifications.domain.model import Notification, Recipient, Status
from notifications.domain.waiting import WaitingEvent


@dataclass
class Store:
    """What survives a unit of work: committed state only."""

    inbox: set[tuple[str, str]] = field(default_factory=set)
    recipients: dict[uuid.UUID, Recipient] = field(default_factory=dict)
    waiting: dict[str, WaitingEvent] = field(default_factory=dict)
    notifications: dict[tuple[str, uuid.UUID, str], Notification] = field(default_factory=dict)
    referrals: dict[uuid.UUID, ReferralFacts] = field(default_factory=dict)
    groups: dict[uuid.UUID, GroupFacts] = field(default_factory=dict)
    members: set[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=set)
    sessions: dict[uuid.UUID, SessionFacts] = field(default_factory=dict)
    # (topic, person) -> (version, erased)
    contact_versions: dict[tuple[str, uuid.UUID], tuple[int, bool]] = field(default_factory=dict)
    commits: int = 0


class FakeUnitOfWork:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def __aenter__(self) -> FakeUnitOfWork:
        # Work on a copy; commit replaces the store's state with it.
        import copy

        self.s = copy.deepcopy(self.store)
        self.inbox = self
        self.recipients = _Recipients(self.s)
        self.waiting = _Waiting(self.s)
        self.notifications = _Notifications(self.s)
        self.read_model = _ReadModel(self.s)
        self.contact_versions = _ContactVersions(self.s)
        self.contacts = _ContactRecords(self)
        return self

    async def __aexit__(self, *exc: object) -> None:
        pass

    def hold_writes(self) -> None:
        """In memory, a write costs no round trip: nothing to hold."""

    async def commit(self) -> None:
        self.s.commits += 1
        self.store.__dict__.update(self.s.__dict__)

    async def claim(self, source: str, event_id: str) -> bool:
        if (source, event_id) in self.s.inbox:
            return False
        self.s.inbox.add((source, event_id))
        return True

    async def claim_many(self, events: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        return {e for e in dict.fromkeys(events) if await self.claim(*e)}

    async def mark_done(self, source: str, event_id: str) -> None:
        # Its own statement in the SQL adapter: committed at once, whatever follows.
        self.s.inbox.add((source, event_id))
        self.store.inbox.add((source, event_id))


@dataclass
class _ContactVersions:
    s: Store

    async def accept(self, topic: str, pid: uuid.UUID, version: int) -> bool:
        held = self.s.contact_versions.get((topic, pid))
        if held is not None and (held[1] or version < held[0] or (version == held[0] > 0)):
            return False
        self.s.contact_versions[(topic, pid)] = (version, False)
        return True

    async def erase(self, topic: str, pid: uuid.UUID) -> None:
        version, _ = self.s.contact_versions.get((topic, pid), (0, False))
        self.s.contact_versions[(topic, pid)] = (version, True)


@dataclass
class _ContactRecords:
    """The SQL adapter's one statement, as the steps it stands for."""

    uow: FakeUnitOfWork

    async def record(
        self, topic: str, r: Recipient, version: int, reference: str | None
    ) -> list[WaitingEvent] | None:
        if not await self.uow.contact_versions.accept(topic, r.id, version):
            return None
        await self.uow.recipients.save(r)
        if reference:
            await self.uow.read_model.note_reference(r.id, reference)
        return await self.uow.waiting.take_waiting_for(r.id)


@dataclass
class _Recipients:
    s: Store

    async def lock(self, ids: Sequence[uuid.UUID], *, shared: bool = False) -> None:
        pass

    async def lock_both(self, written: Sequence[uuid.UUID], read: Sequence[uuid.UUID]) -> None:
        pass

    async def get(self, rid: uuid.UUID) -> Recipient | None:
        return self.s.recipients.get(rid)

    async def get_many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Recipient]:
        return {i: self.s.recipients[i] for i in ids if i in self.s.recipients}

    async def save(self, r: Recipient) -> None:
        self.s.recipients[r.id] = r

    async def note_area(self, ids: Sequence[uuid.UUID], area: str) -> None:
        for i in ids:
            if i in self.s.recipients and self.s.recipients[i].area is None:
                self.s.recipients[i].area = area

    async def erase(self, rid: uuid.UUID) -> int:
        self.s.recipients.pop(rid, None)
        cancelled = 0
        for key, n in self.s.notifications.items():
            if n.recipient_id == rid and n.status is Status.PENDING:
                self.s.notifications[key] = replace(n, status=Status.CANCELLED)
                cancelled += 1
        return cancelled


@dataclass
class _Waiting:
    s: Store

    async def add(self, event: WaitingEvent) -> None:
        self.s.waiting.setdefault(event.cause_event_id, event)

    async def take_waiting_for(self, rid: uuid.UUID) -> list[WaitingEvent]:
        taken = [w for w in self.s.waiting.values() if rid in w.waiting_for]
        for w in taken:
            del self.s.waiting[w.cause_event_id]
        return taken


@dataclass
class _Notifications:
    s: Store

    async def add_once(self, notes: Sequence[Notification], *, revive: bool = False) -> int:
        added = 0
        for n in notes:
            key = (n.cause_event_id, n.recipient_id, n.template)
            old = self.s.notifications.get(key)
            if old is None or (revive and old.status is Status.CANCELLED):
                self.s.notifications[key] = n
                added += 1
        return added

    async def cancel_pending(
        self,
        *,
        template: str,
        reason: str,
        subject_id: str | None = None,
        recipient_id: uuid.UUID | None = None,
        key_prefix: str | None = None,
    ) -> int:
        cancelled = 0
        for key, n in self.s.notifications.items():
            if (
                n.template == template
                and n.status is Status.PENDING
                and (recipient_id is None or n.recipient_id == recipient_id)
                and (key_prefix is None or n.cause_event_id.startswith(key_prefix))
            ):
                self.s.notifications[key] = replace(n, status=Status.CANCELLED, last_error=reason)
                cancelled += 1
        return cancelled


@dataclass
class _ReadModel:
    s: Store

    async def lock_groups(self, ids: Sequence[uuid.UUID]) -> None:
        pass

    async def save_referral(self, f: ReferralFacts) -> None:
        self.s.referrals[f.referral_id] = f

    async def note_reference(self, pid: uuid.UUID, code: str) -> None:
        for rid, f in self.s.referrals.items():
            if f.person_id == pid and not f.reference_code:
                self.s.referrals[rid] = replace(f, reference_code=code)

    async def has_referral(self, rid: uuid.UUID) -> bool:
        return rid in self.s.referrals

    async def look_up_referrals(self, rids: Sequence[uuid.UUID]) -> None:
        pass

    async def referral(self, rid: uuid.UUID) -> ReferralFacts | None:
        return self.s.referrals.get(rid)

    async def save_group(self, g: GroupFacts) -> None:
        self.s.groups[g.group_id] = g

    async def group(self, gid: uuid.UUID) -> GroupFacts | None:
        return self.s.groups.get(gid)

    async def add_member(self, gid: uuid.UUID, pid: uuid.UUID) -> None:
        self.s.members.add((gid, pid))

    async def remove_member(self, gid: uuid.UUID, pid: uuid.UUID) -> None:
        self.s.members.discard((gid, pid))

    async def members(self, gid: uuid.UUID) -> list[uuid.UUID]:
        return sorted(p for g, p in self.s.members if g == gid)

    async def add_facilitators(self, gid: uuid.UUID, ids: Sequence[uuid.UUID]) -> None:
        pass

    async def save_session(self, s: SessionFacts) -> None:
        self.s.sessions[s.session_id] = s

    async def session(self, sid: uuid.UUID) -> SessionFacts | None:
        return self.s.sessions.get(sid)

    async def upcoming_sessions(self, gid: uuid.UUID, after: datetime) -> list[SessionFacts]:
        return sorted(
            (s for s in self.s.sessions.values()
             if s.group_id == gid and s.starts_at > after and not s.cancelled),
            key=lambda s: s.starts_at,
        )  # fmt: skip


def notes(store: Store, **match: Any) -> list[Notification]:
    return [
        n for n in store.notifications.values() if all(getattr(n, k) == v for k, v in match.items())
    ]
