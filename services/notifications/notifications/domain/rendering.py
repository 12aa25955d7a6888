"""A rendered message, and why a template could not be rendered (errors name no values)."""

from __future__ import annotations

from dataclasses import dataclass

from notifications.domain.sms_segments import SmsSegments


class TemplateError(Exception):
    """A template could not be rendered; messages name templates, never context values."""


class TemplateNotFound(TemplateError):
    def __init__(self, name: str, detail: str) -> None:
        super().__init__(f"template {name!r}: {detail}")
        self.name = name


class TemplateDataMissing(TemplateError):
    def __init__(self, template: str, variable: str) -> None:
        super().__init__(f"template {template!r} needs the variable {variable!r}")
        self.template = template
        self.variable = variable


class TemplateRenderedEmpty(TemplateError):
    def __init__(self, template: str) -> None:
        super().__init__(f"template {template!r} rendered to nothing")
        self.template = template


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    version: int


@dataclass(frozen=True)
class RenderedSms:
    body: str
    version: int
    segments: SmsSegments
