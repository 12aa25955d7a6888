"""`/practice/refer`: a GP practice refers a patient, from its own ODS code."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from portal.adapters.api import Conflict, Invalid, ServiceUnavailable
from portal.entrypoints.deps import CsrfChecked, Deps, Referrer, Render
from portal.entrypoints.forms import api_errors, posted
from portal.entrypoints.rendering import Pages
from portal.service_layer import practice
from portal.service_layer.answers import new_form_key, valid_form_key
from t2t_shared.signin.guard import SignedIn

router = APIRouter(include_in_schema=False)

SECTION = "Refer someone"


def _areas(user: SignedIn, known: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(a for a in known if user.principal.covers_area(a))


def _form(
    request: Request,
    render: Pages,
    user: SignedIn,
    known: tuple[str, ...],
    values: dict[str, object],
    *,
    status_code: int = 200,
    **extra: object,
) -> Response:
    return render.render(
        request,
        "practice/refer.jinja",
        status_code=status_code,
        title="Refer a patient to peer support",
        section=SECTION,
        values=values,
        areas=_areas(user, known),
        ods_code=user.principal.ods_code,
        anchors=practice.ANCHORS,
        form_key=values.get("form_key") or new_form_key(),
        **extra,
    )


@router.get("/practice/refer")
async def refer_form(request: Request, user: Referrer, deps: Deps, render: Render) -> Response:
    return _form(request, render, user, deps.settings.areas, {})


@router.post("/practice/refer", dependencies=[CsrfChecked])
async def refer(request: Request, user: Referrer, deps: Deps, render: Render) -> Response:
    values = await posted(request)
    key = valid_form_key(values.get("form_key"))
    values["form_key"] = key
    known = deps.settings.areas
    errors = practice.missing_answers(values, _areas(user, known))
    if errors:
        return _form(request, render, user, known, values, status_code=422, errors=errors)
    try:
        made = await deps.apis.referrals.call(
            "POST",
            "/referrals",
            token=user.token,
            json=practice.api_request(values, user.principal.ods_code or ""),
            headers={"Idempotency-Key": key},
        )
    except Invalid as exc:
        errors = api_errors(exc, practice.API_FIELDS)
        return _form(request, render, user, known, values, status_code=422, errors=errors)
    except Conflict as exc:
        return _form(request, render, user, known, values, status_code=409, conflict=exc.detail)
    except ServiceUnavailable:
        return _form(request, render, user, known, values, status_code=503, unavailable=True)
    return RedirectResponse(f"/practice/referrals?sent={made['reference_code']}", status_code=303)
