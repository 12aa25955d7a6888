"""A referrals service with its relay over a database of its own, and its events by key."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from referrals.bootstrap import Container, bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from tests.fixtures.services import Infra, serving, unique_prefix
from tests.fixtures.topics import read_until


@dataclass
class Service:
    prefix: str
    container: Container
    client: httpx.AsyncClient

    async def events(
        self,
        key: str,
        *,
        at_least: int = 1,
        until: Callable[[list[dict[str, Any]]], bool] | None = None,
        within: float = 20.0,
    ) -> list[dict[str, Any]]:
        """The records under `key` on referrals.events, once there are `at_least` of them and
        `until` (if given) holds for them: a count alone may be met by records the test did not
        mean (the ReferralReceived.v1 copy, another test's events under the same key)."""

        def mine(records: list[Any]) -> list[dict[str, Any]]:
            return [
                {**json.loads(r.value), "ce_type": dict(r.headers)["ce_type"].decode()}
                for r in records
                if r.key.decode() == key
            ]

        records = await read_until(
            self.container.settings.kafka_bootstrap,
            f"{self.prefix}referrals.events",
            done=lambda records: (
                len(mine(records)) >= at_least and (until is None or until(mine(records)))
            ),
            within=within,
        )
        return mine(records)


@asynccontextmanager
async def running_service(infra: Infra) -> AsyncIterator[Service]:
    prefix = unique_prefix()
    url = await infra.migrated_database("referrals")
    container = bootstrap(Settings(**infra.settings_kwargs(url, prefix)))
    async with serving(container, create_app(container), "http://referrals") as client:
        yield Service(prefix, container, client)
