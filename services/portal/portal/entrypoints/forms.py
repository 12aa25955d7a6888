"""Forms: read a posted form, and turn an API's 422 into messages beside each field."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request

from portal.adapters.api import FieldError, Invalid


async def posted(request: Request, *multi: str) -> dict[str, object]:
    """The form as a dict of strings; the names in `multi` (checkboxes) as lists."""
    form = await request.form()
    values: dict[str, object] = {
        key: str(value).strip() for key, value in form.items() if key not in multi
    }
    for key in multi:
        values[key] = [str(v) for v in form.getlist(key)]
    values.pop("csrf_token", None)
    return values


def sentence(reason: str) -> str:
    reason = reason.strip()
    return reason[:1].upper() + reason[1:] if reason else "Check this answer"


def api_errors(exc: Invalid, fields: Mapping[str, str]) -> dict[str, str]:
    """`{form field id: message}` from the API's `errors[]`.

    `fields` maps the API's field paths (`person.email`) to the form's field ids (`email`);
    a path not in it falls back to its last part, so nothing the API said is dropped.
    """
    messages: dict[str, str] = {}
    for error in exc.errors or [_whole(exc)]:
        field = fields.get(error.field) or _longest_prefix(error.field, fields)
        field = field or error.field.rsplit(".", 1)[-1] or "form"
        messages.setdefault(field, sentence(error.reason))
    return messages


def _longest_prefix(path: str, fields: Mapping[str, str]) -> str | None:
    # `person.date_of_birth.year` -> the form's date of birth field.
    parts = path.split(".")
    for end in range(len(parts) - 1, 0, -1):
        found = fields.get(".".join(parts[:end]))
        if found:
            return found
    return None


def _whole(exc: Invalid) -> FieldError:
    return FieldError("form", exc.detail)
