"""A local HTTP server that plays GOV.UK Notify, with the faults production brings.

`FakeNotify.fault` makes every send fail one way until it is set back to None:
`500`, `429`, `403` (answers with that status), `read_timeout` (takes the message, then
answers too late), `hang` (answers too late without taking it). `GET /v2/notifications`
finds what was taken by our reference, as Notify's lookup does.
"""

import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import jwt
import pytest

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
    received: ClassVar[list[dict[str, Any]]] = []
    fault: ClassVar[str | None] = None
    # How long `read_timeout` and `hang` keep the client waiting (past its timeout).
    stall_s: ClassVar[float] = 0.5

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
        fault = FakeNotify.fault
        if fault in ("500", "429", "403"):
            kind = {"500": "Exception", "429": "RateLimitError", "403": "AuthError"}[fault]
            return self._answer(int(fault), kind, "fault injected")
        if fault == "hang":
            time.sleep(FakeNotify.stall_s)
            return self._answer(500, "Exception", "too late")
        required = ["phone_number"] if channel == "sms" else ["email_address"]
        if any(not payload.get(key) for key in [*required, "template_id"]):
            return self._answer(400, "ValidationError", "missing field")
        template_id = payload["template_id"]
        if template_id == BAD_NUMBER_TEMPLATE:
            return self._answer(400, "ValidationError", "phone_number Not a UK mobile number")
        notify_id = str(uuid.uuid4())
        self.received.append({"channel": channel, **payload, "notify_id": notify_id})
        if template_id == SLOW_TEMPLATE or fault == "read_timeout":
            time.sleep(FakeNotify.stall_s)
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
