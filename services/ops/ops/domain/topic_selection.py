"""Which topics the console reads: every public events topic and every DLQ of the deployment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OBSERVED_SERVICES = ("referrals", "groups", "volunteers", "notifications")

TopicKind = Literal["events", "dlq"]


@dataclass(frozen=True)
class TopicSelection:
    prefix: str = "t2t."
    services: tuple[str, ...] = OBSERVED_SERVICES
    kinds: tuple[TopicKind, ...] = ("events", "dlq")

    def kind(self, topic: str) -> TopicKind | None:
        """`events`, `dlq`, or None for a topic the console leaves alone (contacts, retries)."""
        kind = self._kind(topic)
        return kind if kind in self.kinds else None

    def _kind(self, topic: str) -> TopicKind | None:
        if not topic.startswith(self.prefix):
            return None
        rest = topic[len(self.prefix) :]
        if rest.endswith(".dlq") and "." not in rest[: -len(".dlq")]:
            return "dlq"
        if rest.endswith(".events") and rest[: -len(".events")] in self.services:
            return "events"
        return None

    def service_of(self, topic: str) -> str:
        return topic[len(self.prefix) :].split(".", 1)[0]

    def events_topic(self, service: str) -> str:
        return f"{self.prefix}{service}.events"

    def group_id(self, consumer: str) -> str:
        """Consumer group ids are prefixed like topics (see the shared EventConsumer)."""
        return f"{self.prefix}{consumer}"
