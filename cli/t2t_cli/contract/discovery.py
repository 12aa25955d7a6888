"""Find what each service publishes by reading its `events.PUBLISHED` and `contacts.CONTACTS`.

A service whose `events` is a package may keep `CONTACTS` there instead of in a `contacts`
module of its own.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Literal

from t2t_shared.events import IntegrationEvent

# The services that may publish; ops publishes nothing.
CANDIDATE_SERVICES = ("referrals", "groups", "volunteers", "notifications")

TopicKind = Literal["events", "contacts"]
_TUPLES: tuple[tuple[TopicKind, str], ...] = (("events", "PUBLISHED"), ("contacts", "CONTACTS"))


@dataclass(frozen=True)
class TopicContract:
    """One topic of one service and every record type that goes on it."""

    service: str
    kind: TopicKind
    event_types: tuple[type[IntegrationEvent], ...]

    @property
    def restricted(self) -> bool:
        return self.kind == "contacts"

    def address(self, prefix: str = "{prefix}") -> str:
        return f"{prefix}{self.service}.{self.kind}"


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        # Absent (a service that does not publish yet) is fine; a broken import inside
        # a module that exists is a bug we must not hide.
        if exc.name is not None and name.startswith(exc.name):
            return None
        raise


def discover(services: tuple[str, ...] = CANDIDATE_SERVICES) -> list[TopicContract]:
    """Every topic with at least one record type, in a stable order."""
    found: list[TopicContract] = []
    for service in services:
        for kind, attribute in _TUPLES:
            module = _module(f"{service}.{kind}") or _module(f"{service}.events")
            types = getattr(module, attribute, ()) if module else ()
            if types:
                found.append(TopicContract(service, kind, tuple(types)))
    return found
