"""FastAPI dependencies: who is calling, and may they?

Every route in an API's schema says who may call it, as a dependency: `require_roles(...)`
for a token with one of the roles, `public_route` for anyone, or `external_caller(...)` for a
caller with a credential of its own. `access.py` documents that in the OpenAPI document (the
`x-t2t-access` extension) and refuses to document a route that says nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from t2t_shared.auth import InvalidToken, Principal, Role, TokenVerifier

bearer = HTTPBearer(auto_error=False, description="JWT from `t2t token` (dev) or the IdP")

UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}
ACCESS_GRANTED = "t2t_access_granted"
"""Request state key set once the role check let the caller through (tests read it)."""

SCOPE_OF_ROLE: dict[str, tuple[str, ...]] = {
    "referrer": ("areas", "ods_code"),
    "coordinator": ("areas",),
    "facilitator": ("areas", "volunteer_id"),
    "commissioner": ("areas",),
    "ops": ("areas",),
    "admin": ("areas",),
}
"""What bounds each role: records and area parameters outside it answer 403."""
EVERY_AREA = "every_area"
"""A scope: the token must cover every area ('*'), for data not tied to one."""


# Dependencies are `async def` on purpose: FastAPI runs plain `def` ones in a thread pool,
# and that hop showed up as a tenth of a request's time.
async def authenticate(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
) -> Principal:
    if credentials is None:
        raise HTTPException(401, "A bearer token is required", headers=UNAUTHORIZED)
    verifier: TokenVerifier = request.app.state.auth
    try:
        return await verifier.averify(credentials.credentials)
    except InvalidToken as exc:
        raise HTTPException(401, f"Invalid bearer token: {exc}", headers=UNAUTHORIZED) from exc


def require_roles(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets only the given roles through (403 for any other)."""

    async def dependency(
        request: Request, principal: Principal = Depends(authenticate)
    ) -> Principal:
        if principal.role not in roles:
            raise HTTPException(
                403, f"Role '{principal.role}' may not do this; needs one of: {', '.join(roles)}"
            )
        setattr(request.state, ACCESS_GRANTED, principal.role)
        return principal

    dependency.t2t_access = {  # type: ignore[attr-defined]
        "roles": list(roles),
        "scope": {role: list(SCOPE_OF_ROLE[role]) for role in roles},
    }
    return dependency


def require_every_area(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """As require_roles, and only a token for every area ('*') gets through."""
    role_check = require_roles(*roles)

    async def dependency(principal: Principal = Depends(role_check)) -> Principal:
        if not principal.all_areas:
            raise HTTPException(
                403, "This is not tied to an area: it needs a token for every area (*)"
            )
        return principal

    dependency.t2t_access = {  # type: ignore[attr-defined]
        "roles": list(roles),
        "scope": {role: [EVERY_AREA] for role in roles},
    }
    return dependency


async def public_route() -> None:
    """Anyone may call this route, without a token (public forms, health)."""


public_route.t2t_access = {"public": True}  # type: ignore[attr-defined]
Public = Depends(public_route)


def external_caller(credential: str) -> Callable[[], Awaitable[None]]:
    """The route checks a credential of its own (e.g. a provider's callback token)."""

    async def dependency() -> None:
        return None

    dependency.t2t_access = {"public": False, "roles": [], "credential": credential}  # type: ignore[attr-defined]
    return dependency


def require_area(principal: Principal, area: str) -> None:
    """403 unless the principal's areas cover `area` ('*' covers every area)."""
    if not principal.covers_area(area):
        raise HTTPException(403, f"Your token does not cover the area '{area}'")


def access_of(dependency: Any) -> dict[str, Any] | None:
    access = getattr(dependency, "t2t_access", None)
    return dict(access) if isinstance(access, dict) else None
