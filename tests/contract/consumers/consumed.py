"""Which event types each consumer reads, and with which of its models.

Notifications' rules table is its own list; the others are written here, and
`test_every_consumed_model_is_listed` fails when a consumer gains a model or a type constant
this list does not know.
"""

from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass
from types import ModuleType

from pydantic import BaseModel

from t2t_shared.events import ConsumedEvent

CE_TYPE = re.compile(r"^t2t\.[a-z_]+\.[A-Za-z0-9]+\.v\d+$")


@dataclass(frozen=True)
class Consumed:
    consumer: str
    model: type[BaseModel]
    ce_type: str

    @property
    def id(self) -> str:
        return f"{self.consumer}:{self.model.__name__}<-{self.ce_type}"


def _module(consumer: str) -> ModuleType:
    return importlib.import_module(f"{consumer}.consumed_events")


def _by_name(consumer: str, name: str, *ce_types: str) -> list[Consumed]:
    model = getattr(_module(consumer), name)
    return [Consumed(consumer, model, ce_type) for ce_type in ce_types]


def _notifications() -> list[Consumed]:
    rules = importlib.import_module("notifications.service_layer.rules").RULES
    listed = [Consumed("notifications", rule.model, ce_type) for ce_type, rule in rules.items()]
    contacts = [
        *_by_name("notifications", "PersonContact", "t2t.referrals.PersonContact.v1"),
        *_by_name("notifications", "ReferrerContact", "t2t.referrals.ReferrerContact.v1"),
        *_by_name("notifications", "VolunteerContact", "t2t.volunteers.VolunteerContact.v1"),
    ]
    return listed + contacts


def consumed() -> list[Consumed]:
    return [
        *_by_name("referrals", "PlaceOffered", "t2t.groups.PlaceOffered.v1"),
        *_by_name("referrals", "MemberJoined", "t2t.groups.MemberJoined.v1"),
        *_by_name("referrals", "AttendanceRecorded", "t2t.groups.AttendanceRecorded.v1"),
        *_by_name("referrals", "NotificationFailed", "t2t.notifications.NotificationFailed.v1"),
        *_by_name("groups", "ReferralAccepted", "t2t.referrals.ReferralAccepted.v1"),
        *_by_name("groups", "ReferralClosed", "t2t.referrals.ReferralClosed.v1"),
        *_by_name("groups", "FacilitatorTrained", "t2t.volunteers.FacilitatorTrained.v1"),
        *_by_name("groups", "TrainingExpired", "t2t.volunteers.TrainingExpired.v1"),
        *_by_name("groups", "VolunteerScreened", "t2t.volunteers.VolunteerScreened.v1"),
        *_by_name("groups", "VolunteerPaused", "t2t.volunteers.VolunteerPaused.v1"),
        *_by_name("groups", "VolunteerResumed", "t2t.volunteers.VolunteerResumed.v1"),
        *_by_name("groups", "VolunteerLeft", "t2t.volunteers.VolunteerLeft.v1"),
        *_by_name("volunteers", "FacilitatorAssigned", "t2t.groups.FacilitatorAssigned.v1"),
        *_notifications(),
    ]


CONSUMERS = ("referrals", "groups", "volunteers", "notifications")


def declared_models(consumer: str) -> set[type[BaseModel]]:
    """Every tolerant model the consumer's consumed_events module defines."""
    module = _module(consumer)
    return {
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, ConsumedEvent)
        and value is not ConsumedEvent
        and value.__module__ == module.__name__
    }


def declared_types(consumer: str) -> set[str]:
    """Every CloudEvents type the consumer's modules name as a constant."""
    modules = [_module(consumer), importlib.import_module(f"{consumer}.entrypoints.consumers")]
    return {
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, str) and CE_TYPE.match(value)
    }
