"""The actions that move a volunteer on: screening, references, DBS, training, supervisor,
pause, resume, leave. Each posts to the volunteers API and comes back to their page."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from portal.adapters.api import Invalid
from portal.entrypoints.deps import Coordinator, CsrfChecked, Deps, Render
from portal.entrypoints.forms import api_errors, posted
from portal.entrypoints.staff.volunteers import volunteer_page
from portal.service_layer.staff.dates import AnswerProblem, three_years_on, typed_date

router = APIRouter(include_in_schema=False)

Body = dict[str, Any] | None


async def _act(
    request: Request,
    volunteer_id: UUID,
    user: Coordinator,
    deps: Deps,
    render: Render,
    *,
    method: str,
    path: str,
    body: Body,
    done: str,
    fields: dict[str, str],
    values: dict[str, Any],
) -> Response:
    try:
        await deps.apis.volunteers.call(
            method, f"/volunteers/{volunteer_id}{path}", token=user.token, json=body
        )
    except Invalid as exc:
        errors = api_errors(exc, fields)
        return await volunteer_page(
            request, volunteer_id, user, deps, render, errors=errors, values=values
        )
    return RedirectResponse(f"/volunteers/{volunteer_id}?done={done}", status_code=303)


@router.post("/volunteers/{volunteer_id}/{action}", dependencies=[CsrfChecked])
async def act(
    request: Request,
    volunteer_id: UUID,
    action: str,
    user: Coordinator,
    deps: Deps,
    render: Render,
) -> Response:
    values = await posted(request)
    today = date.today().isoformat()
    step: tuple[str, str, Body, str, dict[str, str]]
    try:
        if action == "screening":
            step = ("POST", "/screening", None, "screening", {})
        elif action in ("reference-1", "reference-2"):
            slot = action[-1]
            field = f"satisfactory_{slot}"
            verdict = values.get(field)
            if verdict not in ("yes", "no"):
                raise AnswerProblem(field, "Choose yes if the reference is satisfactory")
            body = {"received_on": today, "satisfactory": verdict == "yes"}
            step = ("PUT", f"/references/{slot}", body, "reference", {"body": field})
        elif action == "dbs":
            issued = typed_date(values, "issued_on")
            body = {
                "status": "complete",
                "level": values.get("level") or None,
                "certificate_number": values.get("certificate_number") or None,
                "issued_on": issued.isoformat() if issued else None,
                "renewal_due": three_years_on(issued).isoformat() if issued else None,
            }
            step = ("PUT", "/dbs", body, "dbs", {"body": "certificate_number"})
        elif action == "start-training":
            step = ("POST", "/training/core_facilitator/start", None, "training", {})
        elif action == "complete-training":
            sessions = str(values.get("sessions_attended") or "")
            body = {"sessions_attended": int(sessions) if sessions.isdigit() else sessions}
            fields = {"sessions_attended": "sessions_attended", "body": "sessions_attended"}
            step = ("POST", "/training/core_facilitator/complete", body, "trained", fields)
        elif action == "supervisor":
            body = {k: values.get(f"supervisor_{k}", "") for k in ("name", "role", "organisation")}
            fields = {k: f"supervisor_{k}" for k in ("name", "role", "organisation")}
            step = ("PUT", "/supervisor", body, "supervisor", fields)
        elif action in ("pause", "resume"):
            step = ("POST", f"/{action}", None, "paused" if action == "pause" else "resumed", {})
        elif action == "leave":
            step = ("POST", "/leave", {"reason": values.get("reason") or None}, "left",
                    {"reason": "reason"})  # fmt: skip
        else:
            return RedirectResponse(f"/volunteers/{volunteer_id}", status_code=303)
    except AnswerProblem as problem:
        errors = {problem.field: problem.reason}
        return await volunteer_page(
            request, volunteer_id, user, deps, render, errors=errors, values=values
        )
    method, path, payload, done, fields = step
    return await _act(request, volunteer_id, user, deps, render, method=method, path=path,
                      body=payload, done=done, fields=fields, values=values)  # fmt: skip
