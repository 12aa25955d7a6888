"""A database that is briefly out of reach is a 503 with Retry-After, never a 500.

Under overload (the connection pool's wait runs out, a statement times out) or during a
failover (the connection drops), the request did not fail for anything the caller did,
and trying again shortly is the right answer. A client that sent an Idempotency-Key can
retry without making a second referral.
"""

from __future__ import annotations

import asyncio

import sqlalchemy.exc
from starlette.responses import JSONResponse, Response

from t2t_shared.http.causes import causes

RETRY_AFTER_SECONDS = 2

_UNAVAILABLE: tuple[type[BaseException], ...] = (
    TimeoutError,
    asyncio.TimeoutError,
    ConnectionError,
    sqlalchemy.exc.TimeoutError,  # the pool's wait for a connection ran out
)


def _connection_lost(exc: BaseException) -> bool:
    # SQLAlchemy marks a DBAPI error that invalidated the connection (failover, restart).
    return isinstance(exc, sqlalchemy.exc.DBAPIError) and bool(exc.connection_invalidated)


def briefly_unavailable(exc: BaseException) -> bool:
    return any(isinstance(c, _UNAVAILABLE) or _connection_lost(c) for c in causes(exc))


def unavailable_response() -> Response:
    return JSONResponse(
        status_code=503,
        content={"detail": "The service is busy or briefly unavailable; try again shortly."},
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
