"""RFC 9457 problem details: every error body, whoever raised it, in one shape.

The shared exception handlers answer `{"detail": ..., "errors": [...]}` as before; the
request middleware turns any JSON error body (theirs, a service's own handler's, the
rate limiter's) into `application/problem+json` with `type`, `title`, `status`,
`detail`, `instance` and `request_id`, keeping every other member as an extension, so a
client that reads `detail` or `errors` goes on working.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

PROBLEM_JSON = "application/problem+json"
BLANK = "about:blank"
# Problem types of our own; others are `about:blank` (the status says it all).
INVALID_REQUEST = "urn:t2t:problem:invalid-request"
IDEMPOTENCY_KEY_REUSED = "urn:t2t:problem:idempotency-key-reused"


def title_of(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(status: int, body: Any, *, instance: str, request_id: str | None) -> dict[str, Any]:
    """The problem document for an error body (a dict, a string or nothing)."""
    members: dict[str, Any] = dict(body) if isinstance(body, dict) else {}
    detail = members.pop("detail", body if isinstance(body, str) else None)
    title = title_of(status)
    default_type = INVALID_REQUEST if status == 422 and "errors" in members else BLANK
    document: dict[str, Any] = {
        "type": members.pop("type", default_type),
        "title": members.pop("title", title),
        "status": status,
        "detail": detail if isinstance(detail, str) else title,
        "instance": instance,
        "request_id": request_id,
    }
    for key, value in members.items():
        document.setdefault(key, value)
    return document


def rewrite(status: int, raw: bytes, *, instance: str, request_id: str | None) -> bytes:
    """An error's JSON body as a problem document; a body that is not JSON keeps its text."""
    try:
        body: Any = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode(errors="replace")
    document = problem(status, body, instance=instance, request_id=request_id)
    return json.dumps(document, separators=(",", ":"), default=str).encode()
