"""FastAPI dependencies: who is calling, and may they?"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from t2t_shared.auth import InvalidToken, Principal, Role, decode_token

bearer = HTTPBearer(auto_error=False, description="JWT from `t2t token` (dev) or the IdP")

UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}


# Dependencies are `async def` on purpose: FastAPI runs plain `def` ones in a thread pool,
# and that hop showed up as a tenth of a request's time.
async def authenticate(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
) -> Principal:
    if credentials is None:
        raise HTTPException(401, "A bearer token is required", headers=UNAUTHORIZED)
    auth = request.app.state.auth
    try:
        return decode_token(credentials.credentials, auth.secret, issuer=auth.issuer)
    except InvalidToken as exc:
        raise HTTPException(401, f"Invalid bearer token: {exc}", headers=UNAUTHORIZED) from exc


def require_roles(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets only the given roles through (403 for any other)."""

    async def dependency(principal: Principal = Depends(authenticate)) -> Principal:
        if principal.role not in roles:
            raise HTTPException(
                403, f"Role '{principal.role}' may not do this; needs one of: {', '.join(roles)}"
            )
        return principal

    return dependency


def require_area(principal: Principal, area: str) -> None:
    if not principal.covers_area(area):
        raise HTTPException(403, f"Your token does not cover the area '{area}'")
