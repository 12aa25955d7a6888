"""The referrals app over the real database only: no relay, no consumers (no lifespan)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import httpx

from referrals.bootstrap import bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from referrals.service_layer.policy import utc_now
from tests.fixtures.services import Infra, unique_prefix


@asynccontextmanager
async def database_only(
    infra: Infra, clock: Callable[[], datetime] = utc_now, **settings: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """Writes land in the outbox and stay there: these tests look at the database's answers."""
    url = await infra.migrated_database("referrals")
    kwargs = {**infra.settings_kwargs(url, unique_prefix()), **settings}
    container = bootstrap(Settings(**kwargs), clock=clock)
    transport = httpx.ASGITransport(app=create_app(container))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://referrals") as client:
            yield client
    finally:
        await container.runtime.engine.dispose()
