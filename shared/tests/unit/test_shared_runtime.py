"""What every service's runtime sets up from settings alone, with no connection made."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from t2t_shared import runtime as runtime_module
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


async def test_the_pool_keeps_as_many_connections_as_the_settings_say(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Twenty by default, all kept once opened: connections beyond a pool are closed on their
    # return, so a burst wider than the pool started a PostgreSQL backend per request.
    assert ThingsSettings(environment="test").db_pool_size == 20
    monkeypatch.setenv("T2T_DB_POOL_SIZE", "7")
    runtime = ServiceRuntime(ThingsSettings(environment="test"), outbox_table=None)
    try:
        assert runtime.engine.pool.size() == 7  # type: ignore[attr-defined]
        assert runtime.engine.pool._max_overflow == 0  # type: ignore[attr-defined]
    finally:
        await runtime.engine.dispose()


@pytest.mark.parametrize(
    ("variable", "value", "field"),
    [
        ("T2T_DB_POOL_SIZE", "0", "db_pool_size"),
        ("T2T_CONSUMER_SESSION_TIMEOUT_MS", "500", "consumer_session_timeout_ms"),
    ],
)
def test_a_pool_or_session_timeout_that_cannot_work_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, field: str
) -> None:
    monkeypatch.setenv(variable, value)

    with pytest.raises(ValidationError, match=field):
        ThingsSettings(environment="test")


async def test_a_service_without_an_outbox_has_neither() -> None:
    runtime = ServiceRuntime(ThingsSettings(environment="test"), outbox_table=None)
    try:
        assert runtime.relay is None
        assert runtime.pruner is None
    finally:
        await runtime.engine.dispose()


async def test_the_broker_reports_its_own_errors_but_not_each_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    given: dict[str, Any] = {}
    real = runtime_module.KafkaBroker

    def recording(*args: Any, **kwargs: Any) -> Any:
        given.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(runtime_module, "KafkaBroker", recording)
    runtime = ServiceRuntime(ThingsSettings(environment="test"), outbox_table=None)
    try:
        # Silenced (None), an undecodable record looped its batch with nothing in the log.
        assert isinstance(given["logger"], logging.Logger)
        assert given["logger"].getEffectiveLevel() == logging.WARNING
    finally:
        await runtime.engine.dispose()
