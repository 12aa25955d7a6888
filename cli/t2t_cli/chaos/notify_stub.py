"""A fake GOV.UK Notify: sends, lookups by reference, delivery receipts, switchable faults.

Modes: ``ok``; ``5xx``; ``429`` (rate limited); ``403`` (key rejected); ``hang`` (no answer,
nothing sent); ``read_timeout`` (the message is taken, recorded as an ambiguous accept,
and the answer never comes: a lookup by reference finds it). Numbers ending in
``PERMANENT_FAILURE_SUFFIX`` get a permanent-failure receipt: a recipient's own failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .sinks import AcceptLog

MODES = ("ok", "5xx", "429", "403", "hang", "read_timeout")
PERMANENT_FAILURE_SUFFIX = "13"
FOREVER_S = 3600.0
_ERRORS = {
    "5xx": (500, "Exception"),
    "429": (429, "RateLimitError"),
    "403": (403, "AuthError"),
}


def fails_permanently(phone_number: str) -> bool:
    return re.sub(r"\D", "", phone_number).endswith(PERMANENT_FAILURE_SUFFIX)


class NotifyStub:
    def __init__(self, log: AcceptLog, callback_urls: list[str], callback_token: str) -> None:
        self.log, self.callback_urls, self.callback_token = log, callback_urls, callback_token
        self.mode = "ok"
        self.sent: dict[str, list[dict[str, Any]]] = {}  # by our reference
        self._receipts: set[asyncio.Task[None]] = set()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown Notify mode {mode!r}; one of {', '.join(MODES)}")
        self.mode = mode

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/v2/notifications/sms", self._send_sms, methods=["POST"]),
            Route("/v2/notifications/email", self._send_email, methods=["POST"]),
            Route("/v2/notifications", self._by_reference, methods=["GET"]),
            Route("/v2/notifications/{id}", self._by_id, methods=["GET"]),
        ]

    async def _send_sms(self, request: Request) -> Response:
        return await self._send(request, "sms")

    async def _send_email(self, request: Request) -> Response:
        return await self._send(request, "email")

    async def _send(self, request: Request, kind: str) -> Response:
        body = await request.json()
        mode, reference = self.mode, str(body.get("reference") or "(none)")
        if mode == "hang":
            await asyncio.sleep(FOREVER_S)
        if mode in _ERRORS:
            status, error = _ERRORS[mode]
            return JSONResponse(
                {"errors": [{"error": error, "message": "chaos"}], "status_code": status},
                status_code=status,
            )
        failed = kind == "sms" and fails_permanently(str(body.get("phone_number", "")))
        notification = {
            "id": str(uuid.uuid4()),
            "reference": reference,
            "type": kind,
            "status": "permanent-failure" if failed else "delivered",
            "created_at": datetime.now(UTC).isoformat(),
        }
        self.sent.setdefault(reference, []).append(notification)
        self.log.record("govuk-notify", reference, ambiguous=mode == "read_timeout")
        self._send_receipt_later(notification)
        if mode == "read_timeout":
            await asyncio.sleep(FOREVER_S)
        return JSONResponse(
            {"id": notification["id"], "reference": reference, "content": {}, "uri": ""},
            status_code=201,
        )

    async def _by_reference(self, request: Request) -> Response:
        found = self.sent.get(request.query_params.get("reference", ""), [])
        return JSONResponse({"notifications": found, "links": {}})

    async def _by_id(self, request: Request) -> Response:
        for sent in self.sent.values():
            for notification in sent:
                if notification["id"] == request.path_params["id"]:
                    return JSONResponse(notification)
        return JSONResponse({"errors": [{"error": "NoResultFound"}]}, status_code=404)

    def _send_receipt_later(self, notification: dict[str, Any]) -> None:
        if not self.callback_urls:
            return
        task = asyncio.create_task(self._deliver_receipt(notification))
        self._receipts.add(task)
        task.add_done_callback(self._receipts.discard)

    async def _deliver_receipt(self, notification: dict[str, Any]) -> None:
        """Posted until one replica takes it; a 409 (send not recorded yet) is tried again."""
        receipt = {
            "id": notification["id"],
            "reference": notification["reference"],
            "status": notification["status"],
            "completed_at": datetime.now(UTC).isoformat(),
            "notification_type": notification["type"],
        }
        headers = {"Authorization": f"Bearer {self.callback_token}"}
        async with httpx.AsyncClient(timeout=10.0) as client:
            for attempt in range(60):
                url = self.callback_urls[attempt % len(self.callback_urls)]
                await asyncio.sleep(1.0 if attempt else 0.5)
                with contextlib.suppress(httpx.HTTPError):
                    answer = await client.post(url, json=receipt, headers=headers)
                    if answer.status_code in (200, 404, 422):
                        return


def control_app(routes: list[BaseRoute]) -> Starlette:
    return Starlette(routes=routes)
