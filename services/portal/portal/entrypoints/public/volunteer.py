"""`/volunteer`: apply to become a volunteer facilitator."""

from __future__ import annotations

from portal.bootstrap import Container
from portal.entrypoints.public.wizard import PublicForm, Values, form_router
from portal.service_layer import volunteer


async def send(deps: Container, values: Values, form_key: str) -> str:
    # The volunteers API keeps no Idempotency-Key: the browser's note of the form key
    # (and the button that ignores a second press) stop a double submission.
    await deps.apis.volunteers.call("POST", "/applications", json=volunteer.api_request(values))
    return form_key


FORM = PublicForm(
    path="/volunteer",
    section="Volunteer with us",
    form_template="public/volunteer.jinja",
    check_template="public/check_answers.jinja",
    done_template="public/volunteer_done.jinja",
    missing=volunteer.missing_answers,
    summary=volunteer.summary,
    send=send,
    conflict_title="You have already applied",
    conflict_message="We already have an application from you. A coordinator will be in "
    "touch about the next steps.",
    api_fields=volunteer.API_FIELDS,
    multi=volunteer.MULTI,
)

router = form_router(FORM)
