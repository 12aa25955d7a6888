"""Every request: an id (in the response, the error body and the log lines), a body size
limit, and error bodies as RFC 9457 problem documents.

Plain ASGI, outermost, so it sees every answer, including the one for an unhandled error.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from t2t_shared.http.bodies import too_large, whole_body
from t2t_shared.http.problems import PROBLEM_JSON, rewrite

REQUEST_ID = "X-Request-ID"
# A caller's id is kept when it looks like one (a UUID, a trace id): never free text,
# since it is written into every log line of the request.
_WELL_FORMED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$")

# The probes answer in their own shape (a probe, not an error of the caller's).
PROBES = frozenset({"/readyz", "/healthz"})

DEFAULT_MAX_BODY_BYTES = 256 * 1024
# The public forms take a few short fields: a small limit bounds what an anonymous
# client can make us read.
PUBLIC_FORM_MAX_BODY_BYTES = 16 * 1024


@dataclass(frozen=True)
class BodyLimits:
    default_bytes: int = DEFAULT_MAX_BODY_BYTES
    small_bytes: int = PUBLIC_FORM_MAX_BODY_BYTES
    # Path patterns (regular expressions over the request path) that get the small limit.
    small_paths: Sequence[str] = ()

    def for_path(self, path: str) -> int:
        if any(re.fullmatch(p, path) for p in self.small_paths):
            return self.small_bytes
        return self.default_bytes


def request_id_of(scope: Scope) -> str | None:
    state = scope.get("state") or {}
    value = state.get("request_id") if isinstance(state, dict) else None
    return value if isinstance(value, str) else None


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text if _WELL_FORMED.match(text) else None
    return None


class RequestContext:
    def __init__(self, app: ASGIApp, limits: BodyLimits | None = None) -> None:
        self.app = app
        self.limits = limits or BodyLimits()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_id(scope) or str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = request_id
        limit = self.limits.for_path(scope["path"])
        # A HEAD answer has no body to rewrite; readiness answers 503 in its own shape
        # (a probe, not an error of the caller's).
        rewrite = scope["method"] != "HEAD" and scope["path"] not in PROBES
        answer = _Answer(send, request_id, scope["path"], rewrite=rewrite)
        with structlog.contextvars.bound_contextvars(request_id=request_id):
            if _declared_length(scope) > limit:
                await _refuse(answer, limit)
                return
            await self.app(scope, whole_body(receive, limit, scope["state"]), answer.send)


async def _refuse(answer: _Answer, limit: int) -> None:
    body = too_large(limit).detail.encode()
    await answer.send({"type": "http.response.start", "status": 413, "headers": []})
    await answer.send({"type": "http.response.body", "body": b'{"detail":"' + body + b'"}'})


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


class _Answer:
    """Adds the request id to the response; buffers an error's JSON body to rewrite it."""

    def __init__(self, send: Send, request_id: str, path: str, *, rewrite: bool = True) -> None:
        self._send = send
        self._rewrite = rewrite
        self._request_id = request_id
        self._path = path
        self._start: Message | None = None
        self._chunks: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
            headers.append((b"x-request-id", self._request_id.encode()))
            message = {**message, "headers": headers}
            if self._rewrite and message["status"] >= 400 and _is_json(headers):
                self._start = message
                return
            await self._send(message)
            return
        if self._start is None or message["type"] != "http.response.body":
            await self._send(message)
            return
        self._chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        start, self._start = self._start, None
        status = start["status"]
        body = rewrite(
            status, b"".join(self._chunks), instance=self._path, request_id=self._request_id
        )
        headers = [
            (k, v) for k, v in start["headers"] if k not in (b"content-type", b"content-length")
        ]
        headers += [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
        ]
        await self._send({**start, "headers": headers})
        await self._send({"type": "http.response.body", "body": body})


def _is_json(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name.lower() == b"content-type":
            return value.split(b";")[0].strip() in (b"application/json", PROBLEM_JSON.encode())
    return True  # an error with no body type at all is given one
