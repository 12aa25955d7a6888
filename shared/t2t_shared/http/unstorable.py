"""Text PostgreSQL cannot store (U+0000) is the caller's mistake: a 422, never a 500.

Only what the service would really store is refused: the database says so (SQLSTATE
22021 for text, 22P05 for JSON), and the request's body says which field held it.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from t2t_shared.http.bodies import NUL_FIELD
from t2t_shared.http.causes import causes

_UNSTORABLE = frozenset({"22021", "22P05"})


def unstorable_text(exc: BaseException) -> bool:
    return any(
        getattr(candidate, "sqlstate", None) in _UNSTORABLE
        for current in causes(exc)
        for candidate in (current, getattr(current, "orig", None))
    )


def unstorable_text_response(scope: Scope) -> Response:
    state = scope.get("state") or {}
    field = state.get(NUL_FIELD) if isinstance(state, dict) else None
    return JSONResponse(
        status_code=422,
        content={
            "detail": "The request is not valid",
            "errors": [
                {
                    "field": field or "body",
                    "reason": "must not contain the NUL character (U+0000)",
                    "type": "value_error",
                }
            ],
        },
    )
