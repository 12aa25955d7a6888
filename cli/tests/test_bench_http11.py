"""The bench's HTTP/1.1 client against a real socket server: keep-alive, close, bad answers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from t2t_cli.bench.http11 import Http11Client, HttpError
from t2t_cli.bench.load import referral_body, referral_json

Answer = Callable[[bytes], bytes]
Serve = Callable[[Answer], Awaitable[tuple["Server", str]]]


def created(request: bytes) -> bytes:
    """201 with the request's body length, so a test sees the server got all of it."""
    _, _, body = request.partition(b"\r\n\r\n")
    payload = json.dumps({"id": "r1", "received": len(body)}).encode()
    return b"HTTP/1.1 201 Created\r\nContent-Length: %d\r\n\r\n%s" % (len(payload), payload)


class Server:
    def __init__(self, answer: Answer) -> None:
        self.answer, self.connections = answer, 0
        self.requests: list[bytes] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
                request = head + await reader.readexactly(length)
                self.requests.append(request)
                writer.write(self.answer(request))
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass
        finally:
            writer.close()


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    servers: list[asyncio.Server] = []

    async def start(answer: Answer) -> tuple[Server, str]:
        server = Server(answer)
        listening = await asyncio.start_server(server.handle, "127.0.0.1", 0)
        servers.append(listening)
        port = listening.sockets[0].getsockname()[1]
        return server, f"http://127.0.0.1:{port}"

    yield start
    for listening in servers:
        listening.close()
        await listening.wait_closed()


async def test_a_connection_carries_one_request_after_another(serve: Serve) -> None:
    server, url = await serve(created)
    client = Http11Client(url, {"Authorization": "Bearer t"})
    body = referral_json(7)
    for _ in range(3):
        response = await client.send(client.request("POST", "/referrals", body))
        assert response.status == 201
        assert json.loads(response.body) == {"id": "r1", "received": len(body)}
    await client.aclose()
    assert server.connections == 1
    head, _, sent = server.requests[0].partition(b"\r\n\r\n")
    assert head.startswith(b"POST /referrals HTTP/1.1\r\n")
    assert b"\r\nAuthorization: Bearer t\r\n" in head
    assert b"\r\nContent-Type: application/json\r\n" in head
    assert json.loads(sent) == referral_body(7)


async def test_requests_in_flight_together_use_a_connection_each(serve: Serve) -> None:
    server, url = await serve(created)
    client = Http11Client(url, {})
    request = client.request("POST", "/referrals", b"{}")
    answers = await asyncio.gather(*(client.send(request) for _ in range(5)))
    await client.aclose()
    assert [a.status for a in answers] == [201] * 5
    assert server.connections == 5


async def test_a_connection_the_server_closes_is_not_reused(serve: Serve) -> None:
    def closing(request: bytes) -> bytes:
        return b"HTTP/1.1 422 Unprocessable\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"

    server, url = await serve(closing)
    client = Http11Client(url, {})
    for _ in range(2):
        response = await client.send(client.request("POST", "/referrals", b"{}"))
        assert (response.status, response.body) == (422, b"{}")
    await client.aclose()
    assert server.connections == 2


async def test_an_answer_that_is_not_http_is_an_error(serve: Serve) -> None:
    _, url = await serve(lambda _: b"SMTP 220 hello\r\n\r\n")
    client = Http11Client(url, {})
    with pytest.raises(HttpError, match="status line"):
        await client.send(client.request("POST", "/referrals", b"{}"))
    await client.aclose()


def test_only_plain_http_urls() -> None:
    with pytest.raises(ValueError, match="http://"):
        Http11Client("https://example.org", {})
