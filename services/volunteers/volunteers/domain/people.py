"""The personal side of a volunteer: who they are, how to reach them, who supervises them.

Kept apart from the pipeline so erasure removes these and keeps the anonymised record.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from volunteers.domain.stages import InvalidDetail


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Day(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


class PartOfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


@dataclass(frozen=True)
class Slot:
    """A part of a day of the week when the volunteer could lead a group."""

    day: Day
    part_of_day: PartOfDay


@dataclass
class Applicant:
    given_name: str
    family_name: str
    email: str
    mobile: str | None
    preferred_channel: Channel
    consent_to_contact: bool
    motivation: str


@dataclass(frozen=True)
class Supervisor:
    """The health professional who backs a trained facilitator."""

    name: str
    role: str
    organisation: str


def check_application(
    applicant: Applicant, lived_experience: bool, slots: tuple[Slot, ...]
) -> None:
    """What every application needs before it is taken."""
    if not lived_experience:
        raise InvalidDetail(
            "lived_experience", "facilitators must live with type 2 diabetes themselves"
        )
    if not applicant.consent_to_contact:
        raise InvalidDetail(
            "consent_to_contact", "we need your consent to contact you about your application"
        )
    if not slots:
        raise InvalidDetail("availability", "give at least one day and part of day")
