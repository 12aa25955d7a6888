# Over 200 lines: every domain event's mapping to the public contract, kept in one place.
"""What the domain recorded, as the integration events and contact records others read.

A use case calls `publish` with the entity it changed, inside its transaction: each event
the entity recorded becomes outbox rows, in the order it happened, and the entity's list is
emptied. The public fields are read from the entity as it now stands.
"""

from __future__ import annotations

from referrals.domain import events as happened
from referrals.domain import snomed
from referrals.domain.codes import Status
from referrals.domain.model import Referral
from referrals.domain.outreach import Outreach
from referrals.domain.practice import Referrer
from referrals.events.contacts import PersonContact, ReferrerContact
from referrals.events.practice import PracticeEngaged, PracticeRegistered
from referrals.events.received import ReferralReceived, ReferralReceivedV2
from referrals.events.referral import (
    ContactAttempted,
    ReferralAccepted,
    ReferralAttended,
    ReferralClosed,
    ReferralContacted,
    ReferralEvent,
    ReferralJoined,
    ReferralPlaced,
    ReferralRejected,
)
from referrals.service_layer.unit_of_work import FIRST_CONTACT_VERSION, UnitOfWork
from t2t_shared.events import IntegrationEvent
from t2t_shared.topics import Topics

SERVICE = "referrals"
STAGE_EVENTS = {
    Status.PLACED: ReferralPlaced,
    Status.JOINED: ReferralJoined,
    Status.ATTENDED: ReferralAttended,
}


async def publish(
    entity: Referral | Referrer | Outreach,
    uow: UnitOfWork,
    topics: Topics,
    *,
    publish_v1: bool = True,
) -> None:
    """Write the outbox rows of what `entity` recorded since it was loaded or last published.

    `publish_v1`: a received referral's deprecated ReferralReceived.v1 follows its v2
    (T2T_PUBLISH_DEPRECATED_EVENTS).
    """
    events, contacts = topics.events(SERVICE), topics.contacts(SERVICE)
    recorded = list(entity.events)
    entity.events.clear()
    rows: list[tuple[IntegrationEvent, str]] = []
    for event in recorded:
        rows += [(record, contacts) for record in await _contact_records(event, entity, uow)]
        rows += [
            (public, events) for public in _public_events(event, entity, publish_v1=publish_v1)
        ]
    # All of them in one statement: each statement is a round trip to the database.
    await uow.outbox.add_all(rows)


async def _contact_records(
    event: happened.DomainEvent, entity: Referral | Referrer | Outreach, uow: UnitOfWork
) -> list[IntegrationEvent]:
    # A received referral's contact record goes out before its events, so notifications
    # usually knows the person by the time the event arrives (it holds the event until it
    # does: topics are not ordered). A practice's record goes out from the register only.
    if isinstance(event, happened.Received) and isinstance(entity, Referral):
        return [_person_contact(entity)]
    if isinstance(event, happened.ReceiptContactChanged) and isinstance(entity, Referrer):
        return [
            ReferrerContact(
                referrer_id=entity.id,
                ods_code=entity.ods_code,
                name=entity.name,
                email=entity.email,
                record_version=await uow.contact_versions.next(entity.id),
            )
        ]
    return []


def _person_contact(referral: Referral) -> PersonContact:
    person = referral.person
    assert person is not None
    return PersonContact(
        person_id=person.id,
        given_name=person.given_name,
        email=person.email,
        mobile=person.mobile,
        preferred_channel=person.preferred_channel.value,
        consent_to_contact=referral.consent_to_contact,
        # The person is new with the referral, and `referrals.add` started their count.
        record_version=FIRST_CONTACT_VERSION,
        reference_code=referral.reference_code,
    )


def _public_events(
    event: happened.DomainEvent, entity: Referral | Referrer | Outreach, *, publish_v1: bool
) -> list[IntegrationEvent]:
    if isinstance(entity, Referral):
        return _referral_events(event, entity, publish_v1=publish_v1)
    if isinstance(event, happened.PracticeRegistered) and isinstance(entity, Referrer):
        assert entity.registered_at is not None
        return [
            PracticeRegistered(
                ods_code=entity.ods_code,
                name=entity.name,
                area=entity.area,
                status=entity.status.value,
                postcode_district=entity.postcode_district,
                registered_at=entity.registered_at,
            )
        ]
    if isinstance(event, happened.PracticeEngaged) and isinstance(entity, Outreach):
        return [
            PracticeEngaged(
                ods_code=entity.ods_code,
                area=entity.area,
                kind=entity.kind.value,
                engaged_at=entity.engaged_at,
                outreach_id=entity.id,
            )
        ]
    return []


def _referral_events(
    event: happened.DomainEvent, r: Referral, *, publish_v1: bool
) -> list[IntegrationEvent]:
    assert r.person_id is not None
    ids: dict[str, object] = {"referral_id": r.id, "area": r.area, "person_id": r.person_id}
    fmt = r.format_preference.value if r.format_preference else None
    published: list[IntegrationEvent] = []
    match event:
        case happened.Received():
            published += received(r, publish_v1=publish_v1)
        case happened.Accepted(at=at):
            published.append(
                ReferralAccepted(
                    **ids,
                    source=r.source.value,
                    postcode_district=r.postcode_district,
                    format_preference=fmt,
                    received_at=r.received_at,
                    accepted_at=at,
                    outcome_snomed_code=snomed.referred(),
                )
            )
        case happened.Rejected(reason=reason, at=at):
            published.append(
                ReferralRejected(
                    **ids,
                    source=r.source.value,
                    reason=reason.value,
                    rejected_at=at,
                    outcome_snomed_code=snomed.of_outcome(reason.value),
                )
            )
        case happened.AttemptRecorded() as a:
            published.append(
                ContactAttempted(
                    **ids,
                    attempt_number=a.number,
                    channel=a.channel.value,
                    outcome=a.outcome.value,
                    recorded_by=a.recorded_by.value,
                    attempted_at=a.at,
                )
            )
        case happened.FirstContacted() as c:
            published.append(
                ReferralContacted(
                    **ids,
                    source=r.source.value,
                    received_at=r.received_at,
                    contacted_at=c.at,
                    seconds_to_first_contact=c.seconds,
                    working_days_to_first_contact=c.working_days,
                    within_target=c.within_target,
                )
            )
        case happened.StageReached(stage=stage, group_id=group_id, at=at):
            published.append(STAGE_EVENTS[stage](**ids, group_id=group_id, at=at))
        case happened.Closed(outcome=outcome, at=at, erased=erased):
            published.append(
                ReferralClosed(
                    **ids,
                    outcome=outcome.value,
                    closed_at=at,
                    erased=erased,
                    outcome_snomed_code=snomed.of_outcome(outcome.value),
                )
            )
    return published


def received(referral: Referral, *, publish_v1: bool) -> list[ReferralEvent]:
    """v2 first: the platform's own consumers act on it and skip the v1 copy that follows."""
    referrer, person = referral.referrer, referral.person
    assert person is not None
    v2 = ReferralReceivedV2(
        referral_id=referral.id,
        person_id=person.id,
        source=referral.source.value,
        area=referral.area,
        referrer_id=referrer.id if referrer else None,
        ods_code=referrer.ods_code if referrer else None,
        consent_to_contact=referral.consent_to_contact,
        preferred_channel=person.preferred_channel.value,
        postcode_district=referral.postcode_district,
        age_band=referral.age_band,
        received_at=referral.received_at,
        format_preference=referral.format_preference.value if referral.format_preference else None,
        snomed_code=snomed.referred(),
    )
    if not publish_v1:
        return [v2]
    return [v2, ReferralReceived(**v2.model_dump(), reference_code=referral.reference_code)]
