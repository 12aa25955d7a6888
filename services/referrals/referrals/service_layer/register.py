"""Use cases of the practice register: import the ODS file, manage a practice's receipt email."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from referrals.contacts import ReferrerContact
from referrals.domain.model import Referrer
from referrals.domain.register import PracticeRecord, parse_epraccur
from referrals.practice_events import PracticeRegistered
from referrals.service_layer.policy import Clock, NotFound, utc_now
from referrals.service_layer.unit_of_work import UnitOfWork
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
    area_of = {p.ods_code: by_postcode[p.postcode] for p in parsed.practices}
    added = changed = 0
    async with uow:
        await uow.practices.lock()
        known = await uow.practices.all()
        now = clock()
        for record in parsed.practices:
            old = known.get(record.ods_code)
            practice = _practice(record, area_of[record.ods_code], old)
            if _registration_changed(old, practice):
                practice.registered_at = now
                added, changed = (added + 1, changed) if old is None else (added, changed + 1)
                await uow.outbox.add_event(_registered(practice), topic=topics.events("referrals"))
                # Every registered practice has a contact record, with or without a receipt
                # email: notifications holds a referral's messages until it knows each
                # recipient, so a practice it never heard of would hold them for an hour.
                if old is None or old.registered_at is None or old.name != practice.name:
                    await _publish_contact(practice, uow, topics)
            elif old is not None and old.postcode == practice.postcode:
                continue
            await uow.practices.save(practice)
        await uow.commit()
    total = len(parsed.practices)
    return ImportSummary(total, added, changed, total - added - changed, parsed.skipped)


def _practice(record: PracticeRecord, area: str | None, old: Referrer | None) -> Referrer:
    return Referrer(
        id=old.id if old else uuid.uuid4(),
        ods_code=record.ods_code,
        name=record.name,
        area=area,
        email=old.email if old else None,
        status=record.status,
        postcode=record.postcode,
        registered_at=old.registered_at if old else None,
    )


def _registration_changed(old: Referrer | None, new: Referrer) -> bool:
    if old is None or old.registered_at is None:
        return True
    return (old.name, old.status, old.area) != (new.name, new.status, new.area)


def _registered(practice: Referrer) -> PracticeRegistered:
    assert practice.registered_at is not None
    return PracticeRegistered(
        ods_code=practice.ods_code,
        name=practice.name,
        area=practice.area,
        status=practice.status.value,
        postcode_district=practice.postcode_district,
        registered_at=practice.registered_at,
    )


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
        if practice.email != email:
            practice = replace(practice, email=email)
            await uow.practices.set_email(ods_code, email)
            await _publish_contact(practice, uow, topics)
        await uow.commit()
    return practice


async def _publish_contact(practice: Referrer, uow: UnitOfWork, topics: Topics) -> None:
    # The compacted contacts topic keeps the latest record per practice for notifications.
    await uow.outbox.add_event(
        ReferrerContact(
            referrer_id=practice.id,
            ods_code=practice.ods_code,
            name=practice.name,
            email=practice.email,
            record_version=await uow.contact_versions.next(practice.id),
        ),
        topic=topics.contacts("referrals"),
    )
