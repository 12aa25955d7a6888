"""`/offer/{token}`: the person answers the place they were offered, from the link in
their message. Groups checks the signed link; an answered offer cannot be answered again."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from portal.adapters.api import Conflict, Gone, Invalid, NotFound
from portal.entrypoints.deps import CsrfChecked, Deps, Render
from portal.entrypoints.forms import posted
from portal.entrypoints.rendering import Pages

router = APIRouter(include_in_schema=False)

SECTION = "Your place in a group"

EXPLAINED = {
    "not_found": (
        "This link does not work",
        "The link may have been copied wrongly, or the place it was for no longer exists.",
    ),
    "expired": (
        "This offer has ended",
        "The time to answer this offer has passed, so the place may have gone to someone else.",
    ),
    "accepted": ("You have already accepted this place", "You do not need to do anything."),
    "declined": ("You have already said no to this place", "The place has been offered on."),
    "cancelled": ("This offer was withdrawn", "The team will contact you about another place."),
}


def _explain(request: Request, render: Pages, why: str, status_code: int) -> Response:
    title, message = EXPLAINED.get(why, EXPLAINED["not_found"])
    return render.render(
        request,
        "public/offer_explained.jinja",
        status_code=status_code,
        title=title,
        section=SECTION,
        message=message,
    )


def _status_of(exc: Conflict) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    status = body.get("current_state") or body.get("status")
    return str(status) if status else "accepted"


@router.get("/offer/{token}")
async def offer(token: str, request: Request, deps: Deps, render: Render) -> Response:
    try:
        found = await deps.apis.groups.call("GET", f"/offers/{token}")
    except NotFound:
        return _explain(request, render, "not_found", 404)
    except Gone:
        return _explain(request, render, "expired", 410)
    if found["status"] != "offered":
        return _explain(request, render, str(found["status"]), 200)
    return _question(request, render, token, found)


def _question(
    request: Request,
    render: Pages,
    token: str,
    found: dict[str, object],
    errors: dict[str, str] | None = None,
) -> Response:
    return render.render(
        request,
        "public/offer.jinja",
        title="Do you want this place?",
        section=SECTION,
        offer=found,
        token=token,
        errors=errors or {},
        status_code=422 if errors else 200,
    )


@router.post("/offer/{token}", dependencies=[CsrfChecked])
async def answer(token: str, request: Request, deps: Deps, render: Render) -> Response:
    values = await posted(request)
    decision = values.get("decision")
    try:
        if decision not in ("accept", "decline"):
            found = await deps.apis.groups.call("GET", f"/offers/{token}")
            errors = {"decision": "Select yes if you want this place"}
            return _question(request, render, token, found, errors)
        answered = await deps.apis.groups.call(
            "POST", f"/offers/{token}", json={"decision": decision}
        )
    except NotFound:
        return _explain(request, render, "not_found", 404)
    except Gone:
        return _explain(request, render, "expired", 410)
    except Conflict as exc:
        return _explain(request, render, _status_of(exc), 409)
    except Invalid:
        return _explain(request, render, "not_found", 422)
    return render.render(
        request,
        "public/offer_answered.jinja",
        title="Place accepted" if answered["status"] == "accepted" else "Place declined",
        section=SECTION,
        offer=answered,
    )
