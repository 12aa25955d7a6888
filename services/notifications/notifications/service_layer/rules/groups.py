"""A new group and its facilitators: the area's coordinators and each facilitator told."""

from __future__ import annotations

from typing import Any

from notifications import consumed_events as ev
from notifications.domain.facts import GroupFacts
from notifications.domain.model import Channel, Planned, Recipient, RecipientKind
from notifications.domain.plans import area_name, check_place, coordinators_id, message
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules.rule import BY_GROUP, Rule, ce_type
from notifications.service_layer.unit_of_work import UnitOfWork

VOLUNTEER = RecipientKind.VOLUNTEER


def group_created(event: ev.GroupCreated, has_mailbox: bool) -> list[Planned]:
    """The area's coordinators hear of the new group; each facilitator of their group."""
    check_place(event.format, event.venue_name, event.joining_link)
    details: dict[str, Any] = {
        "group_name": event.name,
        "format": event.format,
        "schedule_text": event.schedule_text,
        "venue_name": event.venue_name or "",
        "joining_link": event.joining_link or "",
    }
    venue_address = event.venue_address or ""
    planned = [
        message(
            v,
            VOLUNTEER,
            "group_created_facilitator",
            needs_contact=False,
            venue_address=venue_address,
            **details,
        )
        for v in event.facilitator_ids
    ]
    if has_mailbox:
        planned.append(
            message(
                coordinators_id(event.area),
                RecipientKind.COORDINATORS,
                "group_created_coordinators",
                area_name=area_name(event.area),
                capacity=event.capacity,
                facilitators=len(event.facilitator_ids),
                **details,
            )
        )
    return planned


async def created(event: ev.GroupCreated, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.save_group(
        GroupFacts(
            group_id=event.group_id,
            area=event.area,
            name=event.name,
            format=event.format,
            schedule_text=event.schedule_text,
            venue_name=event.venue_name,
            venue_address=event.venue_address,
            joining_link=event.joining_link,
        )
    )
    await uow.read_model.add_facilitators(event.group_id, event.facilitator_ids)


async def plan_created(event: ev.GroupCreated, uow: UnitOfWork, p: Planning) -> list[Planned]:
    mailbox = p.mailboxes.get(event.area)
    if mailbox:
        # The mailbox comes from settings, not a contacts topic: kept current here.
        await uow.recipients.save(
            Recipient(
                id=coordinators_id(event.area),
                kind=RecipientKind.COORDINATORS.value,
                name=f"{area_name(event.area)} coordinators",
                email=mailbox,
                preferred_channel=Channel.EMAIL,
                consent=True,
                area=event.area,
            )
        )
    return group_created(event, has_mailbox=bool(mailbox))


def facilitator_assigned(event: ev.FacilitatorAssigned, group: GroupFacts | None) -> list[Planned]:
    venue = event.venue_name or (group.venue_name if group else None)
    link = group.joining_link if group else None
    return [
        message(
            event.volunteer_id,
            VOLUNTEER,
            "facilitator_assigned",
            group_name=event.group_name,
            format=event.format,
            schedule_text=event.schedule_text,
            venue_name=venue or "",
            postcode_district=event.postcode_district or "",
            joining_link=link or "",
        )
    ]


async def assigned(event: ev.FacilitatorAssigned, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.add_facilitators(event.group_id, [event.volunteer_id])


async def plan_assigned(
    event: ev.FacilitatorAssigned, uow: UnitOfWork, p: Planning
) -> list[Planned]:
    return facilitator_assigned(event, await uow.read_model.group(event.group_id))


RULES = (
    Rule(ce_type("groups", "GroupCreated"), ev.GroupCreated, BY_GROUP, plan_created, created),
    Rule(
        ce_type("groups", "FacilitatorAssigned"),
        ev.FacilitatorAssigned,
        BY_GROUP,
        plan_assigned,
        assigned,
    ),
)
