"""Drawing pages: Jinja2 over our templates and the NHS.UK frontend macros."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader

from t2t_shared.signin import csrf_token, current_principal

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SERVICE_NAME = "Type 2 Together"
UK = ZoneInfo("Europe/London")


def _when(value: object) -> str:
    """A date or time as people in the UK read it: 4 December 2026, 6:30pm."""
    if isinstance(value, str):
        text = value
        try:
            value = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except ValueError:
            return text
    if isinstance(value, datetime):
        local = value.astimezone(UK) if value.tzinfo else value
        hour = local.strftime("%I:%M%p").lstrip("0").lower().replace(":00", "")
        return f"{local.day} {local.strftime('%B %Y')}, {hour}"
    if isinstance(value, date):
        return f"{value.day} {value.strftime('%B %Y')}"
    return "" if value is None else str(value)


# Codes whose plain reading is not just the code with spaces.
_SAID = {"gp": "GP", "dbs": "DBS", "sms": "Text message", "nhs": "NHS"}


def _words(value: object) -> str:
    """A coded value for people: `not_reached` -> `Not reached`, `gp` -> `GP`."""
    if value is None:
        return ""
    if str(value) in _SAID:
        return _SAID[str(value)]
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(TEMPLATES), PackageLoader("nhsuk_frontend_jinja")]),
        # The NHS.UK macros read optional nested parameters (params.hint.text): they need it.
        undefined=ChainableUndefined,
        autoescape=True,
    )
    env.filters["when"] = _when
    env.filters["words"] = _words
    env.globals["service_name"] = SERVICE_NAME
    return env


class Pages:
    """`render(request, "public/start.jinja", title=..., ...)` with what every page needs."""

    def __init__(self, globals_: Mapping[str, Any] | None = None) -> None:
        self.templates = Jinja2Templates(env=environment())
        self.templates.env.globals.update(globals_ or {})

    def render(
        self, request: Request, template: str, *, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        user = current_principal(request)
        errors = context.get("errors") or {}
        if errors and "error_list" not in context:
            anchors = context.get("anchors") or {}
            context["error_list"] = [
                {"text": message, "href": "#" + anchors.get(field, field)}
                for field, message in errors.items()
            ]
        return self.templates.TemplateResponse(
            request,
            template,
            {
                "user": user.principal if user else None,
                "user_name": user.name if user else None,
                "csrf_token": csrf_token(request),
                "path": request.url.path,
                **context,
            },
            status_code=status_code,
        )
