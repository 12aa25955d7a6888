"""Remembers which browser a request came from, so calls made for it can say so."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from portal.adapters.api import client_address


class ClientAddressMiddleware:
    """Sets `client_address` for the request's task: the public forms' per-client rate
    limits in the services then count each person, not the portal as one client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("client"):
            await self.app(scope, receive, send)
            return
        token = client_address.set(scope["client"][0])
        try:
            await self.app(scope, receive, send)
        finally:
            client_address.reset(token)
