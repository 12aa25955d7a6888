"""Erasure: forget a person in every referral of theirs, keep the anonymised referrals."""

from __future__ import annotations

import uuid

from referrals.domain.erasure import ErasureReport, Requester
from referrals.service_layer import publishing
from referrals.service_layer.policy import NotFound, Policy
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.envelope import EventRecord
from t2t_shared.topics import Topics


async def erase_person(
    person_id: uuid.UUID,
    requester: Requester,
    uow: UnitOfWork,
    topics: Topics,
    policy: Policy,
) -> ErasureReport:
    """Erase the person and every person record linked to theirs (NHS number or identity).

    Open referrals close (`ReferralClosed`, outcome `other`, `erased`), so groups gives up
    their placements; each person id gets a tombstone on the contacts topic, so notifications
    forgets them; our outbox keeps no copy of their contact records. Unknown ids raise
    NotFound; a repeat finds nothing left and reports nothing new. Every request is audited.
    """
    async with uow:
        if not await uow.referrals.of_person(person_id):
            raise NotFound(person_id)
        people = await uow.erasure.linked_people(person_id)
        referrals = [r for r in await uow.referrals.of_people(people) if r.erased_at is None]
        now = policy.clock()
        closed = []
        for referral in referrals:
            if referral.close_for_erasure(now):
                closed.append(referral.id)
            referral.erase_person(now)
            await uow.referrals.update(referral)
            await publishing.publish(referral, uow, topics)
        erased_people = sorted({r.person_id for r in referrals if r.person_id is not None})
        await uow.erasure.forget(erased_people, [r.id for r in referrals])
        contacts = topics.contacts("referrals")
        keys = [str(p) for p in erased_people]
        blanked = await uow.outbox.blank_records(topic=contacts, keys=keys)
        for key in keys:
            # A null value under the person's key: compaction drops their contact record,
            # and notifications deletes its copy.
            await uow.outbox.add_record(EventRecord(topic=contacts, key=key, value=None))
        report = ErasureReport(
            person_id=person_id,
            requested_at=now,
            audit_id=uuid.uuid4(),
            referrals_erased=[r.id for r in referrals],
            referrals_closed=closed,
            persons_tombstoned=erased_people,
            outbox_rows_blanked=blanked,
        )
        await uow.erasure.record(report.audit(requester))
        await uow.commit()
    return report
