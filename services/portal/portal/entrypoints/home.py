"""The start page: what the service is, and where each kind of user goes."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from portal.entrypoints.deps import Render
from t2t_shared.signin import current_principal

router = APIRouter(include_in_schema=False)

HOMES = {
    "referrer": "/practice/referrals",
    "coordinator": "/worklist",
    "admin": "/worklist",
    "facilitator": "/my-groups",
}


@router.get("/")
async def start(request: Request, render: Render) -> Response:
    user = current_principal(request)
    if user is not None and user.principal.role in HOMES:
        return RedirectResponse(HOMES[user.principal.role], status_code=303)
    return render.render(request, "public/start.jinja", title="Peer support for type 2 diabetes")
