"""The sign-in pages in the NHS.UK style (the shared sign-in routes call these)."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from portal.entrypoints.rendering import Pages
from t2t_shared.auth import ROLES


class PortalSignInPages:
    def __init__(self, pages: Pages, areas: tuple[str, ...]) -> None:
        self.pages = pages
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
        return self.pages.render(
            request,
            "signin/sign_in.jinja",
            status_code=status_code,
            title="Sign in",
            next_path=next_path,
            dev_allowed=dev_allowed,
            oidc_enabled=oidc_enabled,
            errors=errors,
            anchors={"role": "role", "areas": "areas"},
            values=values,
            roles=ROLES,
            areas=self.areas,
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
