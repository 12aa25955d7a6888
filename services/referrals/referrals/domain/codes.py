"""The coded values of the referral journey: what commissioners count by."""

from __future__ import annotations

from enum import StrEnum


class Source(StrEnum):
    GP = "gp"
    SELF = "self"
    HEALTH_PROFESSIONAL = "health_professional"
    COMMUNITY = "community"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Status(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CONTACTED = "contacted"
    PLACED = "placed"
    JOINED = "joined"
    ATTENDED = "attended"
    CLOSED = "closed"


class FormatPreference(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"


class RejectionReason(StrEnum):
    INELIGIBLE = "ineligible"
    OUT_OF_AREA = "out_of_area"
    DUPLICATE = "duplicate"
    DECLINED_BY_PERSON = "declined_by_person"
    OTHER = "other"


class CloseOutcome(StrEnum):
    UNREACHABLE = "unreachable"
    DECLINED_BY_PERSON = "declined_by_person"
    COMPLETED = "completed"
    NO_LONGER_ELIGIBLE = "no_longer_eligible"
    OTHER = "other"


class AttemptChannel(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"


class AttemptOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"
    WRONG_NUMBER = "wrong_number"


class RecordedBy(StrEnum):
    COORDINATOR = "coordinator"
    NOTIFICATION_FAILURE = "notification_failure"


class MatchedBy(StrEnum):
    """Why two referrals may be the same person."""

    NHS_NUMBER = "nhs_number"
    IDENTITY = "identity"  # same given and family name, date of birth and postcode
