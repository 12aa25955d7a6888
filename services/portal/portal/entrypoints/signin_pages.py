"""The sign-in pages in the NHS.UK style (the shared sign-in routes call these)."""

from __future__ import annotations

from fastapi import Request, Response

from portal.entrypoints.rendering import Pages
from t2t_shared.signin import SignInForm


class PortalSignInPages:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages

    def sign_in(self, request: Request, form: SignInForm) -> Response:
        return self.pages.render(
            request,
            "signin/sign_in.jinja",
            status_code=form.status_code,
            title="Sign in",
            next_path=form.next_path,
            dev_allowed=form.dev_allowed,
            oidc_enabled=form.oidc_enabled,
            errors=form.errors,
            anchors={"role": "role", "areas": "areas"},
            values=form.values,
            roles=form.roles,
            areas=form.areas,
        )

    def failed(self, request: Request, message: str, status_code: int) -> Response:
        return self.pages.render(
            request,
            "errors/problem.jinja",
            status_code=status_code,
            title="You could not be signed in",
            message=message,
        )

    def sign_out(self, request: Request) -> Response:
        return self.pages.render(request, "signin/sign_out.jinja", title="Sign out")
