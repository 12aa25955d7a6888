"""What the sign-in routes ask of the app that installs them: three pages, drawn its way.

The routes decide what the sign-in page offers; `SignInForm` carries that to the app's
`SignInPages`, which only draws it (NHS.UK templates in the portal, plain HTML in the
ops console).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from fastapi import Request, Response

from t2t_shared.auth import ROLES


@dataclass(frozen=True)
class SignInForm:
    """The sign-in page's content: the ways in, and a refused dev form's answers and errors."""

    next_path: str
    dev_allowed: bool
    oidc_enabled: bool
    areas: tuple[str, ...]
    roles: tuple[str, ...] = ROLES
    errors: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)
    status_code: int = 200


class SignInPages(Protocol):
    """How the installing app draws the sign-in page, a sign-in failure and sign-out."""

    def sign_in(self, request: Request, form: SignInForm) -> Response: ...

    def failed(self, request: Request, message: str, status_code: int) -> Response: ...

    def sign_out(self, request: Request) -> Response:
        """Asks "Sign out?" with a CSRF-protected button that POSTs to /sign-out."""
        ...
