"""What every service's runtime sets up from settings alone, with no connection made."""

from __future__ import annotations

from typing import ClassVar

import sqlalchemy as sa

from t2t_shared.db import define_messaging_tables
from t2t_shared.runtime import ServiceRuntime
from t2t_shared.settings import ServiceSettings


class ThingsSettings(ServiceSettings):
    service: ClassVar[str] = "things"
    default_port: ClassVar[int] = 8999


async def test_a_service_with_an_outbox_gets_a_relay_leadership_and_a_pruner() -> None:
    outbox, _ = define_messaging_tables(sa.MetaData())
    runtime = ServiceRuntime(ThingsSettings(environment="test"), outbox_table=outbox)
    try:
        assert runtime.relay is not None
        assert not runtime.relay.is_leader
        assert runtime.pruner is not None
        assert runtime.pruner.name == "retention"
        assert runtime.engine.pool.timeout() == 10.0  # type: ignore[attr-defined]
    finally:
        await runtime.engine.dispose()


async def test_a_service_without_an_outbox_has_neither() -> None:
    runtime = ServiceRuntime(ThingsSettings(environment="test"), outbox_table=None)
    try:
        assert runtime.relay is None
        assert runtime.pruner is None
    finally:
        await runtime.engine.dispose()
