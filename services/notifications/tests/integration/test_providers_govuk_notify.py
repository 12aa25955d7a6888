"""Notify providers against a local HTTP server that plays GOV.UK Notify."""

import asyncio
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest

from notifications.adapters.govuk_notify import NotifyEmailProvider, NotifySmsProvider
from notifications.domain.messages import (
    OutcomeUnknown,
    OutgoingEmail,
    OutgoingSms,
    PermanentProviderError,
    ProviderUnavailable,
)
from notifications.service_layer.providers import EmailProvider, SmsProvider

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"t2t_test-{SERVICE_ID}-{SECRET}"
SMS_TEMPLATE, EMAIL_TEMPLATE = str(uuid.uuid4()), str(uuid.uuid4())
# Template ids that make the fake answer like Notify does when things go wrong.
FAILING = {str(uuid.uuid4()): status for status in (400, 429, 500)}
SLOW_TEMPLATE, GARBLED_TEMPLATE = str(uuid.uuid4()), str(uuid.uuid4())
# Refuses the number, as Notify does a number that is not a UK mobile.
BAD_NUMBER_TEMPLATE = str(uuid.uuid4())
NUMBER = "+447700900123"


class FakeNotify(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_GET(self) -> None:
        """`GET /v2/notifications?reference=…`: what Notify holds under our reference."""
        path, _, query = self.path.partition("?")
        if path != "/v2/notifications":
            return self._answer(404, "ResourceNotFound", "no such route")
        if not self._authorised():
            return self._answer(403, "AuthError", "Invalid token: signature, api token not found")
        wanted = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("reference")
        found = [
            {"id": r["notify_id"], "reference": r["reference"], "status": "sending"}
            for r in self.received
            if wanted and r.get("reference") == wanted
        ]
        self._send_json(200, {"notifications": found, "links": {}})

    def do_POST(self) -> None:
        channel = {"/v2/notifications/sms": "sms", "/v2/notifications/email": "email"}.get(
            self.path
        )
        if channel is None:
            return self._answer(404, "ResourceNotFound", "no such route")
        if not self._authorised():
            return self._answer(403, "AuthError", "Invalid token: signature, api token not found")
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        required = ["phone_number"] if channel == "sms" else ["email_address"]
        if any(not payload.get(key) for key in [*required, "template_id"]):
            return self._answer(400, "ValidationError", "missing field")
        template_id = payload["template_id"]
        if template_id == BAD_NUMBER_TEMPLATE:
            return self._answer(400, "ValidationError", "phone_number Not a UK mobile number")
        notify_id = str(uuid.uuid4())
        self.received.append({"channel": channel, **payload, "notify_id": notify_id})
        if template_id == SLOW_TEMPLATE:
            time.sleep(0.5)
        if template_id == GARBLED_TEMPLATE:
            return self._send(201, b"<html>accepted</html>")
        if template_id in FAILING:
            # Echoes the recipient, to prove our errors never repeat it.
            recipient = payload[required[0]]
            return self._answer(FAILING[template_id], "ValidationError", f"{recipient} refused")
        self._send_json(201, {"id": notify_id, "reference": payload.get("reference")})

    def _authorised(self) -> bool:
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return False
        return claims.get("iss") == SERVICE_ID and abs(time.time() - claims["iat"]) <= 30

    def _answer(self, status: int, error: str, message: str) -> None:
        body = {"errors": [{"error": error, "message": message}], "status_code": status}
        self._send_json(status, body)

    def _send_json(self, status: int, body: dict[str, Any]) -> None:
        self._send(status, json.dumps(body).encode())

    def _send(self, status: int, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        try:
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (the timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet


@pytest.fixture(scope="module")
def notify_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNotify)
    server.daemon_threads = True
    # A short poll keeps shutdown (and so teardown) quick.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def sms_provider(url: str, template_id: str = SMS_TEMPLATE, **kwargs: Any) -> NotifySmsProvider:
    return NotifySmsProvider(kwargs.pop("api_key", API_KEY), template_id, url, **kwargs)


def sms(to: str = NUMBER) -> OutgoingSms:
    return OutgoingSms(
        to=to, body="Hello Sam, your reference is T2T-4F7K2Q.", reference=str(uuid.uuid4())
    )


async def test_sms_is_sent_with_body_personalisation(notify_url: str) -> None:
    provider = sms_provider(notify_url)
    assert isinstance(provider, SmsProvider)
    message = sms()

    receipt = await provider.send_sms(message)

    assert receipt.provider == "govuk-notify"
    assert receipt.provider_message_id is not None
    uuid.UUID(receipt.provider_message_id)
    assert FakeNotify.received[-1] == {
        "notify_id": receipt.provider_message_id,
        "channel": "sms",
        "phone_number": NUMBER,
        "template_id": SMS_TEMPLATE,
        "personalisation": {"body": message.body},
        "reference": message.reference,
    }


async def test_email_is_sent_with_subject_and_body(notify_url: str) -> None:
    provider = NotifyEmailProvider(API_KEY, EMAIL_TEMPLATE, notify_url)
    assert isinstance(provider, EmailProvider)
    message = OutgoingEmail("sam@example.org", "Subject", "Text part", "<p>HTML</p>", "ref-1")

    receipt = await provider.send_email(message)

    assert receipt.provider_message_id
    assert FakeNotify.received[-1] == {
        "notify_id": receipt.provider_message_id,
        "channel": "email",
        "email_address": "sam@example.org",
        "template_id": EMAIL_TEMPLATE,
        "personalisation": {"subject": "Subject", "body": "Text part"},
        "reference": "ref-1",
    }


async def test_concurrent_sends_each_get_their_own_id(notify_url: str) -> None:
    provider = sms_provider(notify_url)
    receipts = await asyncio.gather(*(provider.send_sms(sms()) for _ in range(12)))
    assert len({r.provider_message_id for r in receipts}) == 12


@pytest.mark.parametrize(
    ("status", "error", "reason"),
    [
        (400, PermanentProviderError, "GOV.UK Notify 400: ValidationError"),
        (429, ProviderUnavailable, "GOV.UK Notify 429: ValidationError"),
        (500, ProviderUnavailable, "GOV.UK Notify 500: ValidationError"),
    ],
)
async def test_error_statuses_map_to_retry_policy(
    notify_url: str, status: int, error: type[Exception], reason: str
) -> None:
    template_id = next(t for t, s in FAILING.items() if s == status)
    with pytest.raises(error) as caught:
        await sms_provider(notify_url, template_id).send_sms(sms())
    assert str(caught.value) == reason
    assert NUMBER not in str(caught.value)
    assert caught.value.__suppress_context__


async def test_a_refused_number_is_the_recipients_and_anything_else_400_is_ours(
    notify_url: str,
) -> None:
    with pytest.raises(PermanentProviderError) as number:
        await sms_provider(notify_url, BAD_NUMBER_TEMPLATE).send_sms(sms())
    assert number.value.recipient
    template_id = next(t for t, s in FAILING.items() if s == 400)
    with pytest.raises(PermanentProviderError) as ours:
        await sms_provider(notify_url, template_id).send_sms(sms())
    assert not ours.value.recipient


async def test_a_rejected_key_pauses_the_provider_rather_than_failing_the_person(
    notify_url: str,
) -> None:
    wrong_key = f"t2t_test-{SERVICE_ID}-{uuid.uuid4()}"
    with pytest.raises(ProviderUnavailable, match="403: AuthError") as caught:
        await sms_provider(notify_url, api_key=wrong_key).send_sms(sms())
    assert caught.value.kind == "authentication"
    assert not caught.value.permanent


async def test_a_read_timeout_is_an_unknown_outcome_found_by_its_reference(
    notify_url: str,
) -> None:
    provider = sms_provider(notify_url, SLOW_TEMPLATE, timeout=0.1)
    message = sms()
    with pytest.raises(OutcomeUnknown, match="did not answer") as caught:
        await provider.send_sms(message)
    assert caught.value.resolvable
    found = await sms_provider(notify_url).find(message.reference)
    assert found is not None
    [request] = [r for r in FakeNotify.received if r["reference"] == message.reference]
    assert found.provider_message_id == request["notify_id"]
    assert await sms_provider(notify_url).find(str(uuid.uuid4())) is None


async def test_a_refused_connection_pauses() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(ProviderUnavailable, match="refused the connection") as caught:
        await sms_provider(closed).send_sms(sms())
    assert caught.value.kind == "connection_refused"


def test_malformed_key_is_refused_without_quoting_it() -> None:
    with pytest.raises(ValueError, match="key_name") as caught:
        NotifySmsProvider("not-a-real-key-secret123", SMS_TEMPLATE)
    assert "secret123" not in str(caught.value)


async def test_accepted_but_unreadable_answer_is_not_retried(notify_url: str) -> None:
    # Notify took the message; raising would make us retry and text the person twice.
    receipt = await sms_provider(notify_url, GARBLED_TEMPLATE).send_sms(sms())
    assert receipt.provider_message_id is None


async def test_the_dispatcher_gives_notify_a_reference_free_of_personal_data(
    notify_url: str, infra: Any
) -> None:
    from notifications.adapters.rate_limit import RateLimitedSms, RateLimiter
    from notifications.domain.model import Channel, Status

    from .stored import Clock, fetch, pending, person, store, stored_container

    notify = RateLimitedSms(sms_provider(notify_url), RateLimiter(3000))
    async with stored_container(infra, sms=notify, clock=Clock()) as c:
        sam = person(preferred_channel=Channel.SMS, mobile=NUMBER)
        note = pending(sam, c.clock())
        await store(c, [sam], note)
        await c.dispatcher.dispatch_due()

        sent, attempts = await fetch(c, note.id)
        assert sent.status is Status.SENT
        [request] = [r for r in FakeNotify.received if r["reference"] == str(note.id)]
        assert request["phone_number"] == NUMBER
        assert "Sam" in request["personalisation"]["body"]
        assert "waiting list" in request["personalisation"]["body"]
        assert uuid.UUID(request["reference"]) == note.id  # an id, nothing about Sam
        assert attempts[0]["provider"] == "govuk-notify"
        assert attempts[0]["provider_message_id"]
