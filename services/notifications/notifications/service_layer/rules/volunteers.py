"""Messages to volunteers: thanks, screening and training milestones, renewals."""

from __future__ import annotations

from notifications import consumed_events as ev
from notifications.domain.model import Category, Planned, RecipientKind
from notifications.domain.plans import iso, message
from notifications.service_layer.rules.rule import BY_VOLUNTEER, Rule, ce_type, pure

COURSE_NAMES = {"core_facilitator": "core facilitator training", "refresher": "refresher training"}
CHECK_NAMES = {"training": "facilitator training", "dbs": "DBS check"}


def volunteer_applied(event: ev.VolunteerEvent) -> list[Planned]:
    return [message(event.volunteer_id, RecipientKind.VOLUNTEER, "volunteer_applied")]


def screening_started(event: ev.VolunteerEvent) -> list[Planned]:
    return [message(event.volunteer_id, RecipientKind.VOLUNTEER, "screening_started")]


def volunteer_screened(event: ev.VolunteerScreened) -> list[Planned]:
    return [message(event.volunteer_id, RecipientKind.VOLUNTEER, "volunteer_screened")]


def training_started(event: ev.TrainingStarted) -> list[Planned]:
    return [
        message(
            event.volunteer_id,
            RecipientKind.VOLUNTEER,
            "training_started",
            course_name=COURSE_NAMES.get(event.course, event.course.replace("_", " ")),
        )
    ]


def facilitator_trained(event: ev.FacilitatorTrained) -> list[Planned]:
    """Next steps; the supervising professional is added from the contact record at send time."""
    return [
        message(
            event.volunteer_id,
            RecipientKind.VOLUNTEER,
            "facilitator_trained",
            course_name=COURSE_NAMES.get(event.course, event.course.replace("_", " ")),
            valid_until=iso(event.valid_until),
        )
    ]


def renewal_due(event: ev.RenewalDue) -> list[Planned]:
    return [
        message(
            event.volunteer_id,
            RecipientKind.VOLUNTEER,
            "renewal_due",
            category=Category.REMINDERS,
            check_name=CHECK_NAMES.get(event.check, event.check),
            expires_on=iso(event.expires_on),
            days_left=event.days_left,
        )
    ]


RULES = tuple(
    Rule(ce_type("volunteers", name), model, BY_VOLUNTEER, pure(plan))
    for name, model, plan in (
        ("VolunteerApplied", ev.VolunteerEvent, volunteer_applied),
        ("ScreeningStarted", ev.VolunteerEvent, screening_started),
        ("VolunteerScreened", ev.VolunteerScreened, volunteer_screened),
        ("TrainingStarted", ev.TrainingStarted, training_started),
        ("FacilitatorTrained", ev.FacilitatorTrained, facilitator_trained),
        ("RenewalDue", ev.RenewalDue, renewal_due),
    )
)
