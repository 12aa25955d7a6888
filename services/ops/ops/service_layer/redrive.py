"""Redrive dead letters to their original topic: dry run first, every run audit logged."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ops.domain.dlq import DeadLetter, DeadLetters


@dataclass(frozen=True)
class AuditEntry:
    redrive_id: str
    at: datetime
    actor: str
    role: str
    dry_run: bool
    message_id: str
    event_id: str | None
    target_topic: str
    error: str


class Publisher(Protocol):
    async def publish(
        self, topic: str, key: bytes | None, value: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None: ...


Work = Callable[[], Awaitable[None]]


class AuditLog(Protocol):
    async def record(self, entries: list[AuditEntry], *, while_held: Work | None = None) -> None:
        """Write the entries; run `while_held` before they commit.

        Raises `AlreadyRedriven` when another redrive recorded one of the same messages.
        """

    async def redriven(self) -> set[str]: ...

    async def recent(self, limit: int = 50) -> list[AuditEntry]: ...


@dataclass(frozen=True)
class RedriveRequest:
    ids: Sequence[str] = ()
    group: str | None = None
    dlq_topic: str | None = None
    dry_run: bool = True


@dataclass(frozen=True)
class RedriveResult:
    redrive_id: str
    dry_run: bool
    entries: list[AuditEntry]


class NothingToRedrive(ValueError):
    """The request names no waiting dead letter."""


class CannotRedrive(ValueError):
    """A dead letter does not say which topic it came from."""


class AlreadyRedriven(ValueError):
    """Another redrive (another person, replica or the CLI) took these messages first."""


async def redrive(
    request: RedriveRequest,
    *,
    letters: DeadLetters,
    publisher: Publisher,
    audit: AuditLog,
    actor: str,
    role: str,
    now: datetime,
) -> RedriveResult:
    """Plan (dry run) or send the chosen dead letters back where they failed.

    The audit rows are written first and commit only after every message was published:
    a unique index on the messages of real redrives makes a racing second redrive wait,
    then fail, so two people cannot both send the same letters; a failed publish rolls
    the rows back and leaves the letters waiting. (A crash after publishing but before
    the commit sends them again next time, which the consumers' inbox absorbs.)
    """
    try:
        chosen = letters.select(ids=request.ids, group=request.group, dlq_topic=request.dlq_topic)
    except (KeyError, ValueError) as exc:
        raise NothingToRedrive(str(exc).strip("'\"")) from exc
    if not chosen:
        raise NothingToRedrive("no dead letter waiting matches")
    lost = [letter.id for letter in chosen if not letter.original_topic]
    if lost:
        raise CannotRedrive(f"no original topic recorded for: {', '.join(lost)}")
    # Contact records carry personal data: the console may not write them (its Kafka user
    # has no rights on contacts topics); the owning service's team redrives them.
    restricted = [letter.id for letter in chosen if letter.restricted]
    if restricted:
        raise CannotRedrive(
            "from a restricted contacts topic, redriven by the owning service's team: "
            + ", ".join(restricted)
        )
    redrive_id = str(uuid.uuid4())
    entries = [_entry(redrive_id, letter, request.dry_run, actor, role, now) for letter in chosen]
    if request.dry_run:
        await audit.record(entries)
        return RedriveResult(redrive_id, True, entries)

    async def send() -> None:
        for letter in chosen:
            await publisher.publish(
                letter.original_topic,
                letter.key.encode() if letter.key is not None else None,
                letter.value,
                letter.redrive_headers(redrive_id),
            )

    await audit.record(entries, while_held=send)
    letters.mark_redriven(letter.id for letter in chosen)
    return RedriveResult(redrive_id, False, entries)


def _entry(
    redrive_id: str, letter: DeadLetter, dry_run: bool, actor: str, role: str, now: datetime
) -> AuditEntry:
    return AuditEntry(
        redrive_id=redrive_id,
        at=now,
        actor=actor,
        role=role,
        dry_run=dry_run,
        message_id=letter.id,
        event_id=letter.meta.get("ce_id"),
        target_topic=letter.original_topic,
        error=letter.error,
    )
