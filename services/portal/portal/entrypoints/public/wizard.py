"""A public form in three steps, as the NHS service manual shows them: the questions,
"check your answers", then a confirmation. The answers travel in the page (hidden fields),
never in a cookie or a store of ours; what a failed send leaves is still on the page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from portal.adapters.api import Conflict, Invalid, ServiceUnavailable, TooManyRequests
from portal.bootstrap import Container
from portal.entrypoints.deps import CsrfChecked, Deps, Render
from portal.entrypoints.forms import api_errors, posted
from portal.entrypoints.rendering import Pages
from portal.service_layer.answers import (
    already_sent,
    new_form_key,
    remember_sent,
    valid_form_key,
)

Values = dict[str, object]


@dataclass(frozen=True)
class PublicForm:
    path: str
    section: str  # "Refer yourself": every page title ends with it
    form_template: str
    check_template: str
    done_template: str
    missing: Callable[[Values, tuple[str, ...]], dict[str, str]]
    summary: Callable[[Values], list[tuple[str, str]]]
    send: Callable[[Container, Values, str], Awaitable[str]]  # -> the reference to show
    conflict_title: str
    conflict_message: str
    api_fields: Mapping[str, str] = field(default_factory=dict)
    anchors: Mapping[str, str] = field(default_factory=dict)
    multi: tuple[str, ...] = ()


def form_router(spec: PublicForm) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def questions(
        request: Request, render: Pages, deps: Container, values: Values, **extra: Any
    ) -> Response:
        return render.render(
            request,
            spec.form_template,
            title=spec.section,
            section=spec.section,
            values=values,
            areas=deps.settings.areas,
            anchors=spec.anchors,
            form_key=values.get("form_key") or new_form_key(),
            **extra,
        )

    def check(
        request: Request, render: Pages, values: Values, *, status_code: int = 200, **extra: Any
    ) -> Response:
        return render.render(
            request,
            spec.check_template,
            status_code=status_code,
            title="Check your answers",
            section=spec.section,
            values=values,
            rows=spec.summary(values),
            action=f"{spec.path}/send",
            **extra,
        )

    @router.get(spec.path)
    async def start(request: Request, deps: Deps, render: Render) -> Response:
        return questions(request, render, deps, {})

    @router.post(spec.path, dependencies=[CsrfChecked])
    async def answered(request: Request, deps: Deps, render: Render) -> Response:
        values = await posted(request, *spec.multi)
        values["form_key"] = valid_form_key(values.get("form_key"))
        errors = spec.missing(values, deps.settings.areas)
        if errors:
            return questions(request, render, deps, values, errors=errors, status_code=422)
        return check(request, render, values)

    @router.post(f"{spec.path}/send", dependencies=[CsrfChecked])
    async def send(request: Request, deps: Deps, render: Render) -> Response:
        values = await posted(request, *spec.multi)
        key = valid_form_key(values.get("form_key"))
        values["form_key"] = key
        done = RedirectResponse(f"{spec.path}/done/{key}", status_code=303)
        if values.pop("action", "") == "change":
            return questions(request, render, deps, values)
        if already_sent(request.session, key):
            return done
        try:
            reference = await spec.send(deps, values, key)
        except Invalid as exc:
            errors = api_errors(exc, spec.api_fields)
            return questions(request, render, deps, values, errors=errors, status_code=422)
        except Conflict:
            return render.render(
                request,
                "public/conflict.jinja",
                status_code=409,
                title=spec.conflict_title,
                section=spec.section,
                message=spec.conflict_message,
            )
        except TooManyRequests as exc:
            return check(request, render, values, status_code=429, wait=exc.retry_after)
        except ServiceUnavailable:
            return check(request, render, values, status_code=503, unavailable=True)
        remember_sent(request.session, key, reference)
        return done

    @router.get(f"{spec.path}/done/{{form_key}}")
    async def confirmation(form_key: str, request: Request, render: Render) -> Response:
        reference = already_sent(request.session, form_key)
        if reference is None:
            return RedirectResponse(spec.path, status_code=303)
        return render.render(
            request,
            spec.done_template,
            title="Thank you",
            section=spec.section,
            reference=reference,
        )

    return router
