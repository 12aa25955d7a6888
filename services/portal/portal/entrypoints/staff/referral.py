"""`/referrals/{id}`: one referral, its timeline, and the coordinator's triage actions.

Each action posts to the referrals API; a 422 comes back beside its field, a 409 (an
illegal move) becomes the "That could not be done" page with the API's reason.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from portal.adapters.api import Invalid
from portal.entrypoints.deps import Coordinator, CsrfChecked, Deps, Render
from portal.entrypoints.forms import api_errors, posted
from portal.entrypoints.staff import choices as c
from portal.service_layer.staff import referral_view

router = APIRouter(include_in_schema=False)

DONE = {
    "accepted": "Referral accepted. Groups will offer the person a place or add them to the "
    "waiting list.",
    "rejected": "Referral rejected.",
    "attempt": "Contact attempt recorded.",
    "closed": "Referral closed.",
}


async def _page(
    request: Request,
    referral_id: UUID,
    user: Coordinator,
    deps: Deps,
    render: Render,
    *,
    done: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    view = await referral_view.load(deps.apis, user.token, referral_id)
    r = view.referral
    return render.render(
        request,
        "staff/referral.jinja",
        status_code=422 if errors else 200,
        title=f"Referral {r['reference_code']}",
        section="Referrals",
        back_href="/worklist",
        view=view,
        r=r,
        done=DONE.get(done, ""),
        errors=errors or {},
        values=values or {},
        anchors={"reason": "reason", "outcome": "outcome", "channel": "channel"},
        can_triage=r["status"] == "received",
        can_contact=r["status"] in c.OPEN and r["status"] != "received",
        can_close=r["status"] in c.OPEN,
        reject_reasons=c.items(c.REJECT_REASONS, (values or {}).get("reason")),
        close_outcomes=c.items(c.CLOSE_OUTCOMES, (values or {}).get("outcome")),
        attempt_channels=c.items(c.ATTEMPT_CHANNELS, (values or {}).get("channel")),
        attempt_outcomes=c.items(c.ATTEMPT_OUTCOMES, (values or {}).get("attempt_outcome")),
    )


@router.get("/referrals/{referral_id}")
async def referral(
    request: Request, referral_id: UUID, user: Coordinator, deps: Deps, render: Render,
    done: str = "",
) -> Response:  # fmt: skip
    return await _page(request, referral_id, user, deps, render, done=done)


async def _act(
    request: Request,
    referral_id: UUID,
    user: Coordinator,
    deps: Deps,
    render: Render,
    *,
    path: str,
    body: dict[str, Any] | None,
    done: str,
    fields: dict[str, str],
    values: dict[str, Any],
) -> Response:
    try:
        await deps.apis.referrals.call(
            "POST", f"/referrals/{referral_id}{path}", token=user.token, json=body
        )
    except Invalid as exc:
        errors = api_errors(exc, fields)
        return await _page(request, referral_id, user, deps, render, errors=errors, values=values)
    return RedirectResponse(f"/referrals/{referral_id}?done={done}", status_code=303)


def _text(values: dict[str, Any], name: str) -> str | None:
    value = values.get(name)
    return str(value) if value else None


@router.post("/referrals/{referral_id}/accept", dependencies=[CsrfChecked])
async def accept(
    request: Request, referral_id: UUID, user: Coordinator, deps: Deps, render: Render
) -> Response:
    return await _act(request, referral_id, user, deps, render, path="/accept", body=None,
                      done="accepted", fields={}, values={})  # fmt: skip


@router.post("/referrals/{referral_id}/reject", dependencies=[CsrfChecked])
async def reject(
    request: Request, referral_id: UUID, user: Coordinator, deps: Deps, render: Render
) -> Response:
    values = await posted(request)
    body = {"reason": _text(values, "reason"), "comment": _text(values, "reject_comment")}
    fields = {"reason": "reason", "comment": "reject_comment"}
    return await _act(request, referral_id, user, deps, render, path="/reject", body=body,
                      done="rejected", fields=fields, values=values)  # fmt: skip


@router.post("/referrals/{referral_id}/contact-attempts", dependencies=[CsrfChecked])
async def contact_attempt(
    request: Request, referral_id: UUID, user: Coordinator, deps: Deps, render: Render
) -> Response:
    values = await posted(request)
    body = {
        "channel": _text(values, "channel"),
        "outcome": _text(values, "attempt_outcome"),
        "note": _text(values, "note"),
    }
    fields = {"channel": "channel", "outcome": "attempt_outcome", "note": "note"}
    return await _act(request, referral_id, user, deps, render, path="/contact-attempts",
                      body=body, done="attempt", fields=fields, values=values)  # fmt: skip


@router.post("/referrals/{referral_id}/close", dependencies=[CsrfChecked])
async def close(
    request: Request, referral_id: UUID, user: Coordinator, deps: Deps, render: Render
) -> Response:
    values = await posted(request)
    body = {"outcome": _text(values, "outcome"), "comment": _text(values, "close_comment")}
    fields = {"outcome": "outcome", "comment": "close_comment"}
    return await _act(request, referral_id, user, deps, render, path="/close", body=body,
                      done="closed", fields=fields, values=values)  # fmt: skip
