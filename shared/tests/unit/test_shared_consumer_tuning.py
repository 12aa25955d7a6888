"""Each subscription fetches and heartbeats as its purpose needs: fresh events soon, retries
no sooner than they are due. Built from settings; nonsense refused."""

from __future__ import annotations

import os
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from t2t_shared.db import define_messaging_tables
from t2t_shared.messaging.routes import Routes
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.runtime import ServiceRuntime
from t2t_shared.settings import ServiceSettings


class ThingsSettings(ServiceSettings):
    service: ClassVar[str] = "things"
    default_port: ClassVar[int] = 8999


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("T2T_"):
            monkeypatch.delenv(name)


def test_fresh_events_are_fetched_soon_and_retries_less_often() -> None:
    tuning = ConsumerTuning()

    assert (tuning.fetch_max_wait_ms, tuning.heartbeat_interval_ms) == (100, 100)
    assert (tuning.retry_fetch_wait_ms, tuning.retry_heartbeat_interval_ms) == (1000, 1000)


@pytest.mark.parametrize(
    ("delays", "fetch_ms", "retry_fetch_ms", "expected"),
    [
        ((0.2, 1.5), 100, 1000, 200),  # the shortest delay caps it
        ((5.0, 30.0), 100, 1000, 1000),  # the setting caps it
        ((0.05,), 100, 1000, 100),  # never under the events subscription's own wait
        ((), 100, 1000, 100),
    ],
)
def test_a_retry_fetch_never_waits_past_the_shortest_retry_delay(
    delays: tuple[float, ...], fetch_ms: int, retry_fetch_ms: int, expected: int
) -> None:
    tuning = ConsumerTuning(
        retry_delays_s=delays, fetch_max_wait_ms=fetch_ms, retry_fetch_max_wait_ms=retry_fetch_ms
    )

    assert tuning.retry_fetch_wait_ms == expected


@pytest.mark.parametrize("field", ["heartbeat_interval_ms", "retry_heartbeat_interval_ms"])
def test_a_heartbeat_longer_than_a_third_of_the_session_is_refused(field: str) -> None:
    ConsumerTuning(session_timeout_ms=6000, **{field: 2000})  # type: ignore[arg-type]

    with pytest.raises(ValueError, match=field):
        ConsumerTuning(session_timeout_ms=6000, **{field: 2001})  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["fetch_max_wait_ms", "retry_fetch_max_wait_ms", "idle_poll_ms"])
def test_a_wait_of_zero_is_refused(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        ConsumerTuning(**{field: 0})  # type: ignore[arg-type]


def test_the_retry_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T2T_CONSUMER_RETRY_FETCH_MAX_WAIT_MS", "750")
    monkeypatch.setenv("T2T_CONSUMER_RETRY_HEARTBEAT_MS", "500")

    settings = ThingsSettings()

    assert settings.consumer_retry_fetch_max_wait_ms == 750
    assert settings.consumer_retry_heartbeat_ms == 500


def test_a_retry_heartbeat_the_session_would_not_survive_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("T2T_CONSUMER_RETRY_HEARTBEAT_MS", "2500")

    with pytest.raises(ValidationError, match="consumer_retry_heartbeat_ms"):
        ThingsSettings()


async def test_the_runtime_gives_its_consumer_the_retry_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("T2T_CONSUMER_RETRY_FETCH_MAX_WAIT_MS", "3000")
    monkeypatch.setenv("T2T_CONSUMER_RETRY_HEARTBEAT_MS", "700")
    monkeypatch.setenv("T2T_RETRY_DELAYS_S", "[2.0, 10.0]")
    outbox, _ = define_messaging_tables(sa.MetaData())
    routes = Routes()

    @routes.on_record("some.topic")
    async def handle(_event: Any) -> None: ...

    runtime = ServiceRuntime(ThingsSettings(environment="test"), outbox_table=outbox, routes=routes)
    try:
        assert runtime.consumer is not None
        tuning = runtime.consumer.tuning
        assert tuning.retry_heartbeat_interval_ms == 700
        assert tuning.retry_fetch_wait_ms == 2000  # capped by the 2 s first delay
        assert tuning.fetch_max_wait_ms == 100
    finally:
        await runtime.engine.dispose()
