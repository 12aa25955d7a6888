"""Integration events: frozen, closed pydantic models named in the past tense."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


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


class ConsumedEvent(BaseModel):
    """Base of a consumer's view of someone else's event: reads tolerantly."""

    model_config = ConfigDict(frozen=True, extra="ignore")
