"""A request body read whole (it is small: the size limit says so), within its limit, and
as valid Unicode text before anything stores it."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import HTTPException
from starlette.types import Message, Receive

# `\ud800` to `\udfff` written in JSON: a surrogate, maybe without its pair.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def too_large(limit: int) -> HTTPException:
    # FastAPI re-raises an HTTPException met while reading the body; anything else there
    # would become a 400.
    return HTTPException(413, f"The request body is larger than {limit} bytes")


def whole_body(receive: Receive, limit: int, state: dict[str, Any] | None = None) -> Receive:
    """Counts what the body really sends (a chunked one has no Content-Length)."""
    done = False

    async def read() -> Message:
        nonlocal done
        if done:
            return await receive()  # the disconnect a streaming answer listens for
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return message
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > limit:
                raise too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        done = True
        body = b"".join(chunks)
        if state is not None:
            state[NUL_FIELD] = nul_field(body)
        return {"type": "http.request", "body": valid_unicode(body)}

    return read


def valid_unicode(body: bytes) -> bytes:
    """JSON may escape half of a surrogate pair, which is no character at all: PostgreSQL
    refuses to store it (a 500). It becomes U+FFFD, as a UTF-8 decoder does with bytes
    it cannot read; a pair stays the character it makes."""
    if not _SURROGATE_ESCAPE.search(body):
        return body
    try:
        data = json.loads(body)
    except ValueError:
        return body  # not JSON: the route says so
    return json.dumps(_mended(data), ensure_ascii=False).encode()


def _mended(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [_mended(v) for v in value]
    if isinstance(value, dict):
        return {_mended(k): _mended(v) for k, v in value.items()}
    return value


# `\u0000` written in JSON (a raw NUL byte is not valid JSON at all).
_NUL_ESCAPE = re.compile(rb"\\u0000")
NUL_FIELD = "nul_field"
"""Request state: the first field whose value holds U+0000, for the answer if the database
refuses to store it (PostgreSQL text cannot hold one)."""


def nul_field(body: bytes) -> str | None:
    """The dotted path of the first string value holding U+0000, if any (keys are not
    looked at: a field we do not know is never stored)."""
    if not _NUL_ESCAPE.search(body):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None  # not JSON: the route says so
    found = _nul_path(data, ())
    return None if found is None else ".".join(found) or "body"


def _nul_path(value: Any, path: tuple[str, ...]) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _nul_path(item, (*path, str(key)))
        if found is not None:
            return found
    return None
