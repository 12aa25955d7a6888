"""The console's sign-in pages: plain HTML in the console's own style (the shared sign-in
routes call these), so staff sign in as they do on the portal instead of pasting a token."""

from __future__ import annotations

from html import escape

from fastapi import Request, Response
from fastapi.responses import HTMLResponse

from t2t_shared.signin import SignInForm, csrf_token

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
    def sign_in(self, request: Request, form: SignInForm) -> Response:
        parts = ["<h2>Sign in</h2>"]
        if form.oidc_enabled:
            parts.append(
                f'<p><a href="/sign-in/oidc?next={escape(form.next_path)}">'
                "Sign in with your organisation account</a></p>"
            )
        if form.dev_allowed:
            parts.append(_dev_form(request, form))
        if not (form.oidc_enabled or form.dev_allowed):
            parts.append("<p>Sign-in is not set up here. Contact your administrator.</p>")
        return page("Sign in", "".join(parts), form.status_code)

    def failed(self, request: Request, message: str, status_code: int) -> Response:
        return page("Not signed in", f"<p>{escape(message)}</p>", status_code)

    def sign_out(self, request: Request) -> Response:
        return page(
            "Sign out",
            '<h2>Sign out</h2><form method="post" action="/sign-out">'
            f'<input type="hidden" name="csrf_token" value="{csrf_token(request)}">'
            '<button type="submit">Sign out</button></form>',
        )


def _dev_form(request: Request, form: SignInForm) -> str:
    problems = "".join(f"<li>{escape(m)}</li>" for m in form.errors.values())
    roles = "".join(
        f'<label><input type="radio" name="role" value="{r}"'
        f"{' checked' if form.values.get('role') == r else ''}> {r}</label> "
        for r in form.roles
    )
    areas = "".join(
        f'<label><input type="checkbox" name="areas" value="{a}"> {a}</label> '
        for a in ("*", *form.areas)
    )
    return (
        "<p>Development sign-in (only in development): choose who you are.</p>"
        + (f'<ul class="error" role="alert">{problems}</ul>' if problems else "")
        + '<form method="post" action="/sign-in/dev" id="dev-sign-in">'
        f'<input type="hidden" name="csrf_token" value="{csrf_token(request)}">'
        f'<input type="hidden" name="next" value="{escape(form.next_path)}">'
        f"<fieldset><legend>Role</legend>{roles}</fieldset>"
        f"<fieldset><legend>Areas</legend>{areas}</fieldset>"
        '<label for="name">Your name</label> <input id="name" name="name">'
        ' <button type="submit">Sign in</button></form>'
    )
