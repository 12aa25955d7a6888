"""Each event type notifications acts on: what it remembers of it, and what it plans.

`apply` updates the read model once, when the event is first handled; `plan` decides the
messages, and runs again if the event had to wait for a contact record.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from notifications import consumed_events as ev
from notifications.domain.model import Planned
from notifications.domain.rules import groups as g
from notifications.domain.rules import referrals as r
from notifications.domain.rules import volunteers as v
from notifications.service_layer import group_rules as gr
from notifications.service_layer import received_rules as received
from notifications.service_layer.planning import Planning
from notifications.service_layer.unit_of_work import UnitOfWork

Plan = Callable[[Any, UnitOfWork, Planning], Awaitable[list[Planned]]]
Apply = Callable[[Any, UnitOfWork, Planning], Awaitable[None]]
Seen = Callable[[Any, UnitOfWork], Awaitable[bool]]


@dataclass(frozen=True)
class Rule:
    ce_type: str
    model: type[Any]
    subject: Callable[[Any], object]
    plan: Plan
    apply: Apply | None = None
    # Recipients whose contact records the plan needs although it may not write to them.
    waits_for: Callable[[Any], list[Any]] | None = None
    # True when another version of the same occurrence was handled: skip this copy.
    seen: Seen | None = None

    @property
    def service(self) -> str:
        return self.ce_type.split(".")[1]


def _pure(fn: Callable[[Any], list[Planned]]) -> Plan:
    async def plan(event: Any, uow: UnitOfWork, planning: Planning) -> list[Planned]:
        return fn(event)

    return plan


def _about_referral(
    fn: Callable[[Any, r.ReferralFacts | None], list[Planned]],
) -> Plan:
    async def plan(event: Any, uow: UnitOfWork, planning: Planning) -> list[Planned]:
        return fn(event, await uow.read_model.referral(event.referral_id))

    return plan


async def _offered(event: ev.PlaceOffered, uow: UnitOfWork, p: Planning) -> list[Planned]:
    facts = await uow.read_model.referral(event.referral_id)
    link = p.offer_link(event.referral_id, event.offer_expires_at)
    return g.place_offered(event, facts.reference_code if facts else "", link)


def _by(field: str) -> Callable[[Any], object]:
    return lambda event: getattr(event, field)


REFERRAL, GROUP, VOLUNTEER = _by("referral_id"), _by("group_id"), _by("volunteer_id")
R, G, V = "t2t.referrals.{}.v1", "t2t.groups.{}.v1", "t2t.volunteers.{}.v1"

RULES: dict[str, Rule] = {
    rule.ce_type: rule
    for rule in (
        *(Rule(f"t2t.referrals.ReferralReceived.v{major}", ev.ReferralReceived, REFERRAL,
               received.plan, received.remember, received.waits_for, received.seen)
          for major in (1, 2)),
        Rule(R.format("ReferralAccepted"), ev.ReferralAccepted, REFERRAL,
             _about_referral(r.referral_accepted)),
        Rule(R.format("ReferralRejected"), ev.ReferralRejected, REFERRAL,
             _about_referral(r.referral_rejected)),
        Rule(R.format("ContactAttempted"), ev.ContactAttempted, REFERRAL,
             _about_referral(r.contact_attempted)),
        Rule(G.format("PlaceOffered"), ev.PlaceOffered, REFERRAL, _offered),
        Rule(G.format("MemberWaitlisted"), ev.MemberWaitlisted, REFERRAL,
             _pure(g.member_waitlisted)),
        Rule(G.format("MemberJoined"), ev.MemberJoined, REFERRAL, gr.plan_joined, gr.joined),
        Rule(G.format("MemberMoved"), ev.MemberMoved, REFERRAL, gr.plan_moved, gr.moved),
        Rule(G.format("MemberLeft"), ev.MemberLeft, REFERRAL, gr.nothing, gr.left),
        Rule(G.format("GroupCreated"), ev.GroupCreated, GROUP, gr.plan_created, gr.created),
        Rule(G.format("FacilitatorAssigned"), ev.FacilitatorAssigned, GROUP, gr.plan_assigned,
             gr.assigned),
        Rule(G.format("SessionScheduled"), ev.SessionScheduled, GROUP, gr.plan_scheduled,
             gr.scheduled),
        Rule(G.format("SessionCancelled"), ev.SessionCancelled, GROUP, gr.plan_cancelled,
             gr.cancelled),
        Rule(G.format("SessionRescheduled"), ev.SessionRescheduled, GROUP, gr.plan_rescheduled,
             gr.rescheduled),
        Rule(V.format("VolunteerApplied"), ev.VolunteerEvent, VOLUNTEER,
             _pure(v.volunteer_applied)),
        Rule(V.format("ScreeningStarted"), ev.VolunteerEvent, VOLUNTEER,
             _pure(v.screening_started)),
        Rule(V.format("VolunteerScreened"), ev.VolunteerScreened, VOLUNTEER,
             _pure(v.volunteer_screened)),
        Rule(V.format("TrainingStarted"), ev.TrainingStarted, VOLUNTEER,
             _pure(v.training_started)),
        Rule(V.format("FacilitatorTrained"), ev.FacilitatorTrained, VOLUNTEER,
             _pure(v.facilitator_trained)),
        Rule(V.format("RenewalDue"), ev.RenewalDue, VOLUNTEER, _pure(v.renewal_due)),
    )
}  # fmt: skip
"""Every event type with a rule, by `ce_type`; any other type is ignored."""
