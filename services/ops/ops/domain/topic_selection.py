"""Which topics the console reads: every public events topic and every DLQ of the deployment.

In national mode the console reads the events topics mirrored from several regions (for
example MirrorMaker2's `{region}.t2t.referrals.events`), and every area is qualified by its
region (`west-yorkshire/leeds`), so two regions' areas of the same name never mix.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from ops.domain.observed import ObservedEvent

OBSERVED_SERVICES = ("referrals", "groups", "volunteers", "notifications")
REGION_SEPARATOR = "/"

TopicKind = Literal["events", "dlq"]


@dataclass(frozen=True)
class TopicSelection:
    prefix: str = "t2t."
    services: tuple[str, ...] = OBSERVED_SERVICES
    kinds: tuple[TopicKind, ...] = ("events", "dlq")
    regions: tuple[tuple[str, str], ...] = ()
    """National mode: (region, topic prefix) of each mirrored region."""

    def kind(self, topic: str) -> TopicKind | None:
        """`events`, `dlq`, or None for a topic the console leaves alone (contacts, retries)."""
        found = self._match(topic)
        if found is None:
            return None
        kind = self._kind(found[1])
        return kind if kind in self.kinds else None

    def region_of(self, topic: str) -> str | None:
        found = self._match(topic)
        return found[0] if found else None

    def qualify(self, event: ObservedEvent) -> ObservedEvent:
        """The event with its area qualified by the region it came from (national mode)."""
        region = self.region_of(event.topic) if self.regions else None
        if region is None or event.area is None:
            return event
        return replace(event, area=f"{region}{REGION_SEPARATOR}{event.area}")

    def _match(self, topic: str) -> tuple[str | None, str] | None:
        prefixes = self.regions or ((None, self.prefix),)
        for region, prefix in sorted(prefixes, key=lambda p: -len(p[1])):
            if topic.startswith(prefix):
                return region, topic[len(prefix) :]
        return None

    def _kind(self, rest: str) -> TopicKind | None:
        if rest.endswith(".dlq") and "." not in rest[: -len(".dlq")]:
            return "dlq"
        if rest.endswith(".events") and rest[: -len(".events")] in self.services:
            return "events"
        return None

    def service_of(self, topic: str) -> str:
        found = self._match(topic)
        rest = found[1] if found else topic[len(self.prefix) :]
        return rest.split(".", 1)[0]

    def events_topic(self, service: str) -> str:
        return f"{self.prefix}{service}.events"

    def group_id(self, consumer: str) -> str:
        """Consumer group ids are prefixed like topics (see the shared EventConsumer)."""
        return f"{self.prefix}{consumer}"
