"""A minimal HTTP/1.1 client for the load generator: what httpx does per request, cheaper.

The bench shares the machine's two cores with the stack it measures, so every millisecond
the load generator spends is one the services do not get. httpx cost the bench about 2 ms
of CPU per POST (5 December 2026); this client writes a request prepared in one piece and
reads a `Content-Length` answer, over real keep-alive HTTP/1.1 connections as before, one
per request in flight.
"""

from __future__ import annotations

import asyncio
import collections
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

# uvicorn drops idle connections after 5 s; reusing one it is closing fails the POST.
KEEPALIVE_S = 2.0
MAX_HEAD_BYTES = 64 * 1024


class HttpError(Exception):
    """The answer was not HTTP/1.1 this client reads (a broken or truncated response)."""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.idle_since = time.monotonic()

    def usable(self) -> bool:
        fresh = time.monotonic() - self.idle_since < KEEPALIVE_S
        return fresh and not self.writer.is_closing() and not self.reader.at_eof()

    def close(self) -> None:
        self.writer.close()


class Http11Client:
    """Keep-alive connections to one host, each carrying one request at a time."""

    def __init__(self, base_url: str, headers: dict[str, str], timeout_s: float = 30.0) -> None:
        url = urlsplit(base_url)
        if url.scheme != "http" or url.hostname is None:
            raise ValueError(f"only plain http:// URLs: {base_url}")
        self._host, self._port = url.hostname, url.port or 80
        self._prefix = url.path.rstrip("/")
        fixed = {"Host": url.netloc, "Accept": "application/json", **headers}
        self._headers = "".join(f"{k}: {v}\r\n" for k, v in fixed.items())
        self._timeout_s = timeout_s
        self._idle: collections.deque[_Connection] = collections.deque()

    def request(self, method: str, path: str, json_body: bytes) -> bytes:
        """The bytes of one request, built before it is timed."""
        head = (
            f"{method} {self._prefix}{path} HTTP/1.1\r\n{self._headers}"
            f"Content-Type: application/json\r\nContent-Length: {len(json_body)}\r\n\r\n"
        )
        return head.encode("latin-1") + json_body

    async def send(self, request: bytes) -> Response:
        """Send a prepared request; OSError, TimeoutError or HttpError if it failed."""
        connection = await self._connection()
        try:
            async with asyncio.timeout(self._timeout_s):
                connection.writer.write(request)
                response, keep = await _read_response(connection.reader)
        except BaseException:
            connection.close()
            raise
        if keep:
            connection.idle_since = time.monotonic()
            self._idle.append(connection)
        else:
            connection.close()
        return response

    async def _connection(self) -> _Connection:
        while self._idle:
            connection = self._idle.pop()
            if connection.usable():
                return connection
            connection.close()
        async with asyncio.timeout(self._timeout_s):
            reader, writer = await asyncio.open_connection(self._host, self._port)
        return _Connection(reader, writer)

    async def aclose(self) -> None:
        while self._idle:
            self._idle.pop().close()


async def _read_response(reader: asyncio.StreamReader) -> tuple[Response, bool]:
    """Status and body of one response, and whether the connection may carry another."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError as exc:
        raise HttpError("response head too long") from exc
    if len(head) > MAX_HEAD_BYTES:
        raise HttpError("response head too long")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    if not version.startswith("HTTP/1.") or not rest[:3].isdigit():
        raise HttpError(f"not an HTTP/1.x status line: {status_line[:40]!r}")
    headers = {}
    for line in lines:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    keep = headers.get("connection", "").lower() != "close" and version == "HTTP/1.1"
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif "transfer-encoding" in headers:
        raise HttpError(f"unsupported transfer-encoding: {headers['transfer-encoding']}")
    else:
        body, keep = await reader.read(), False
    return Response(int(rest[:3]), body), keep
