"""`/self-referral`: a person refers themselves to a peer support group."""

from __future__ import annotations

from portal.bootstrap import Container
from portal.entrypoints.public.wizard import PublicForm, Values, form_router
from portal.service_layer import self_referral


async def send(deps: Container, values: Values, form_key: str) -> str:
    made = await deps.apis.referrals.call(
        "POST",
        "/self-referrals",
        json=self_referral.api_request(values),
        headers={"Idempotency-Key": form_key},
    )
    return str(made["reference_code"])


FORM = PublicForm(
    path="/self-referral",
    section="Refer yourself",
    form_template="public/self_referral.jinja",
    check_template="public/check_answers.jinja",
    done_template="public/self_referral_done.jinja",
    missing=self_referral.missing_answers,
    summary=self_referral.summary,
    send=send,
    conflict_title="You have already been referred",
    conflict_message="We already have a referral for you in this area, so you do not need "
    "to refer yourself again. The team will contact you about a group.",
    api_fields=self_referral.API_FIELDS,
    anchors=self_referral.ANCHORS,
)

router = form_router(FORM)
