"""Erasure: forget a person, keep their anonymised referrals for the statistics."""

from __future__ import annotations

import uuid

from referrals.service_layer.policy import NotFound, Policy
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.envelope import EventRecord
from t2t_shared.topics import Topics


async def erase_person(
    person_id: uuid.UUID, uow: UnitOfWork, topics: Topics, policy: Policy
) -> bool:
    """Delete the person's data and publish the tombstone; False if already erased.

    Unknown ids raise NotFound. A second call finds the referrals already anonymised and
    publishes nothing more (the tombstone is already on the compacted topic).
    """
    async with uow:
        referrals = await uow.referrals.of_person(person_id)
        if not referrals:
            raise NotFound(person_id)
        if all(r.erased_at is not None for r in referrals):
            return False
        now = policy.clock()
        for referral in referrals:
            referral.erase_person(now)
            await uow.referrals.update(referral)
        contacts = topics.contacts("referrals")
        await uow.referrals.erase_person(person_id, [r.id for r in referrals], contacts)
        # A null value under the person's key: compaction drops their contact record, and
        # notifications deletes its copy.
        await uow.outbox.add_record(EventRecord(topic=contacts, key=str(person_id), value=None))
        await uow.commit()
    return True
