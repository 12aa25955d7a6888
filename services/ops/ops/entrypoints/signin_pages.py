"""The console's sign-in pages: plain HTML in the console's own style (the shared sign-in
routes call these), so staff sign in as they do on the portal instead of pasting a token."""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse

from t2t_shared.auth import ROLES
from t2t_shared.signin import csrf_token

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} &ndash; Type 2 Together operations</title>
<link rel="stylesheet" href="/static/console.css"></head>
<body><header><h1>Type 2 Together operations</h1></header>
<main id="signin">{body}</main></body></html>"""


def page(title: str, body: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title=escape(title), body=body), status_code=status_code)


class OpsSignInPages:
    def __init__(self, areas: tuple[str, ...]) -> None:
        self.areas = areas

    def sign_in(
        self,
        request: Request,
        *,
        next_path: str,
        dev_allowed: bool,
        oidc_enabled: bool,
        errors: dict[str, str],
        values: dict[str, Any],
        status_code: int = 200,
    ) -> Response:
        parts = ["<h2>Sign in</h2>"]
        if oidc_enabled:
            parts.append(
                f'<p><a href="/sign-in/oidc?next={escape(next_path)}">'
                "Sign in with your organisation account</a></p>"
            )
        if dev_allowed:
            parts.append(self._dev_form(request, next_path, errors, values))
        if not (oidc_enabled or dev_allowed):
            parts.append("<p>Sign-in is not set up here. Contact your administrator.</p>")
        return page("Sign in", "".join(parts), status_code)

    def _dev_form(
        self, request: Request, next_path: str, errors: dict[str, str], values: dict[str, Any]
    ) -> str:
        problems = "".join(f"<li>{escape(m)}</li>" for m in errors.values())
        roles = "".join(
            f'<label><input type="radio" name="role" value="{r}"'
            f"{' checked' if values.get('role') == r else ''}> {r}</label> "
            for r in ROLES
        )
        areas = "".join(
            f'<label><input type="checkbox" name="areas" value="{a}"> {a}</label> '
            for a in ("*", *self.areas)
        )
        return (
            "<p>Development sign-in (only in development): choose who you are.</p>"
            + (f'<ul class="error" role="alert">{problems}</ul>' if problems else "")
            + '<form method="post" action="/sign-in/dev" id="dev-sign-in">'
            f'<input type="hidden" name="csrf_token" value="{csrf_token(request)}">'
            f'<input type="hidden" name="next" value="{escape(next_path)}">'
            f"<fieldset><legend>Role</legend>{roles}</fieldset>"
            f"<fieldset><legend>Areas</legend>{areas}</fieldset>"
            '<label for="name">Your name</label> <input id="name" name="name">'
            ' <button type="submit">Sign in</button></form>'
        )

    def failed(self, request: Request, message: str, status_code: int) -> Response:
        return page("Not signed in", f"<p>{escape(message)}</p>", status_code)

    def sign_out(self, request: Request) -> Response:
        return page(
            "Sign out",
            '<h2>Sign out</h2><form method="post" action="/sign-out">'
            f'<input type="hidden" name="csrf_token" value="{csrf_token(request)}">'
            '<button type="submit">Sign out</button></form>',
        )
