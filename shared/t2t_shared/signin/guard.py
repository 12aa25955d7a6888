"""Who is signed in, and may they see this page? (Dependencies for page routes.)"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request

from t2t_shared.auth import InvalidToken, Principal, Role, TokenVerifier

TOKEN_KEY = "platform_token"
NAME_KEY = "display_name"


class SignInRequired(Exception):
    """Nobody is signed in (or the session's token has expired): send them to sign in."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class NotAllowed(Exception):
    """Signed in, but this page is not for their role."""

    def __init__(self, principal: Principal, roles: tuple[str, ...]) -> None:
        super().__init__(f"role {principal.role} is not one of {', '.join(roles)}")
        self.principal = principal
        self.roles = roles


@dataclass(frozen=True)
class SignedIn:
    """The signed-in user: who they are for the pages, and the token for the APIs."""

    principal: Principal
    token: str
    name: str

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def current_principal(request: Request) -> SignedIn | None:
    """The session's user, or None; an expired or unreadable token ends the session."""
    token = request.session.get(TOKEN_KEY)
    if not isinstance(token, str):
        return None
    verifier: TokenVerifier = request.app.state.signin_verifier
    try:
        principal = verifier.verify(token)
    except InvalidToken:
        request.session.pop(TOKEN_KEY, None)
        return None
    return SignedIn(principal, token, str(request.session.get(NAME_KEY) or principal.subject))


def signed_in(*roles: Role) -> Callable[[Request], Awaitable[SignedIn]]:
    """A dependency: the signed-in user if their role is one of `roles` (any role if none)."""

    async def dependency(request: Request) -> SignedIn:
        user = current_principal(request)
        if user is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise SignInRequired(target)
        if roles and user.principal.role not in roles:
            raise NotAllowed(user.principal, roles)
        return user

    return dependency


def start_session(request: Request, token: str, name: str) -> None:
    """Sign in: a fresh session (no fixation) holding the platform token."""
    request.session.clear()
    request.session[TOKEN_KEY] = token
    request.session[NAME_KEY] = name


def end_session(request: Request) -> None:
    request.session.clear()
