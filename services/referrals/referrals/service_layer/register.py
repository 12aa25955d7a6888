"""Use cases of the practice register: import the ODS file, manage a practice's receipt email."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from referrals.domain.practice import Referrer
from referrals.domain.register import parse_epraccur
from referrals.service_layer import publishing
from referrals.service_layer.policy import NotFound
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.topics import Topics


class PostcodeAreas(Protocol):
    def areas_of(self, postcodes: Iterable[str]) -> dict[str, str | None]: ...


@dataclass(frozen=True)
class ImportSummary:
    practices: int
    added: int
    changed: int
    unchanged: int
    skipped: int


async def import_register(
    data: bytes, uow: UnitOfWork, topics: Topics, areas: PostcodeAreas, clock: Clock = utc_now
) -> ImportSummary:
    """Load an epraccur file all or nothing; `MalformedRegister` names the first bad line.

    `PracticeRegistered` goes out for a practice that is new or whose name, status or area
    changed, so importing the same file again publishes nothing. Practices missing from the
    file are left as they are: the published file keeps closed practices, with status C.
    """
    parsed = parse_epraccur(data)
    # The postcode directory is read from disk on first use: keep it off the event loop.
    by_postcode = await asyncio.to_thread(areas.areas_of, {p.postcode for p in parsed.practices})
    added = changed = 0
    async with uow:
        await uow.practices.lock()
        known = await uow.practices.all()
        now = clock()
        for record in parsed.practices:
            old = known.get(record.ods_code)
            practice = Referrer.from_register(record, by_postcode[record.postcode], old, now)
            if practice.events:
                new = old is None or old.registered_at is None
                added, changed = (added + 1, changed) if new else (added, changed + 1)
                await publishing.publish(practice, uow, topics)
            elif old is not None and old.postcode == practice.postcode:
                continue
            await uow.practices.save(practice)
        await uow.commit()
    total = len(parsed.practices)
    return ImportSummary(total, added, changed, total - added - changed, parsed.skipped)


async def get_practice(ods_code: str, uow: UnitOfWork) -> Referrer:
    async with uow:
        practice = await uow.practices.get(ods_code)
    if practice is None or practice.registered_at is None:
        raise NotFound(ods_code)
    return practice


async def set_receipt_email(
    ods_code: str, email: str | None, uow: UnitOfWork, topics: Topics
) -> Referrer:
    """Where the practice's receipts and outcome messages go (null: none sent)."""
    async with uow:
        practice = await uow.practices.get(ods_code, for_update=True)
        if practice is None or practice.registered_at is None:
            raise NotFound(ods_code)
        if practice.set_receipt_email(email):
            await uow.practices.set_email(ods_code, email)
            await publishing.publish(practice, uow, topics)
        await uow.commit()
    return practice
