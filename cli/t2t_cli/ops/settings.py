"""The ops settings as the CLI reads them, and which topics a command reads."""

from __future__ import annotations

from ops.config import Settings
from ops.domain.topic_selection import TopicKind, TopicSelection


def settings() -> Settings:
    """The ops settings (T2T_* environment): broker, topic prefix, and the ops database."""
    return Settings()


def selection(s: Settings, *kinds: TopicKind, services: tuple[str, ...] = ()) -> TopicSelection:
    return TopicSelection(s.topic_prefix, services or s.observed_services, kinds)
