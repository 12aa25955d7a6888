"""Before an event's messages are stored, each must render: else the event is dead-lettered."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from notifications.domain.model import Planned
from notifications.domain.personal import personal_context, stand_in
from notifications.domain.plans import MissingData
from notifications.domain.rendering import TemplateError
from notifications.service_layer.providers import Renderer


def render_check(renderer: Renderer) -> Callable[[Sequence[Planned]], None]:
    """A check that renders each planned message with a stand-in recipient.

    Remembered by shape (template, kind, which values are empty), so a busy stream of
    the same event renders each template once, not once per event.
    """
    passed: set[tuple[str, str, tuple[tuple[str, bool], ...]]] = set()

    def check(plans: Sequence[Planned]) -> None:
        for plan in plans:
            shape = (
                plan.template,
                plan.recipient_kind,
                tuple(sorted((k, v in ("", None)) for k, v in plan.data.items())),
            )
            if shape in passed:
                continue
            context = {**plan.data, **personal_context(stand_in(plan.recipient_kind))}
            try:
                if not renderer.versions(plan.template, "email") and not renderer.versions(
                    plan.template, "sms"
                ):
                    raise TemplateError(f"template {plan.template!r} does not exist")
                if renderer.versions(plan.template, "email"):
                    renderer.render_email(plan.template, context)
                if renderer.versions(plan.template, "sms"):
                    renderer.render_sms(plan.template, context)
            except TemplateError as exc:
                raise MissingData(str(exc)) from None
            passed.add(shape)

    return check
