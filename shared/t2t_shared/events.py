"""Integration events: frozen, closed pydantic models named in the past tense; and the
records of the restricted contacts topics, versioned per key."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class IntegrationEvent(BaseModel):
    """Base of every public event a service publishes.

    Publishers forbid unknown fields so a typo never reaches the topic; consumers
    declare their own tolerant models (`ConsumedEvent`) with only the fields they read.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: ClassVar[str]
    version: ClassVar[int] = 1
    subject_field: ClassVar[str]

    @classmethod
    def event_name(cls) -> str:
        return cls.__name__

    @classmethod
    def ce_type(cls) -> str:
        return f"t2t.{cls.service}.{cls.event_name()}.v{cls.version}"

    def subject(self) -> str:
        """The aggregate id: the record key and `ce_subject`, so one aggregate stays in order."""
        return str(getattr(self, self.subject_field))


class ContactRecord(IntegrationEvent):
    """A record of a restricted contacts topic (compacted by person): versioned per key.

    Each subclass declares `record_version: int = record_version()` where it wants the
    field in its schema.
    """

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


def record_version() -> Any:
    """The `version` field of every contacts record."""
    return Field(
        0,
        # On the wire `version`; in Python `record_version`, since `version` is the event's
        # major version on every event class (its ce_type and schema URI).
        alias="version",
        description=(
            "Counts the records under this key: 1 first, one more each change, assigned in "
            "the change's transaction. Keep the highest seen; a lower or equal one is stale. "
            "Absent (0) from publishers before versions"
        ),
        examples=[1],
    )


class ConsumedEvent(BaseModel):
    """Base of a consumer's view of someone else's event: reads tolerantly."""

    model_config = ConfigDict(frozen=True, extra="ignore")
