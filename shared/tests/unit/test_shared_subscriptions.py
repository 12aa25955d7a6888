"""A consumer's two subscriptions, as given to FastStream: no broker needed."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from aiokafka import ConsumerRecord
from faststream.kafka import KafkaBroker

from t2t_shared.messaging import subscriptions
from t2t_shared.messaging.tuning import ConsumerTuning


class Thing:
    """What `subscribe` needs of a consumer."""

    name = "things"
    group_id = "p.things"
    retry_topic = "p.things.retry"

    def __init__(self, tuning: ConsumerTuning) -> None:
        self.tuning = tuning

    @property
    def topics(self) -> list[str]:
        return ["p.stuff.events"]

    async def process_batch(self, records: tuple[ConsumerRecord[Any, Any], ...]) -> None: ...

    async def process(self, record: Any, *, attempt: int, mode: Literal["retry"]) -> object:
        return None


class RecordingBroker(KafkaBroker):
    """FastStream's broker, noting each subscription's arguments and what it returned."""

    def __init__(self) -> None:
        super().__init__("127.0.0.1:9")
        self.given: dict[str, dict[str, Any]] = {}
        self.made: dict[str, Any] = {}

    def subscriber(self, *topics: Any, **kwargs: Any) -> Any:
        made = super().subscriber(*topics, **kwargs)
        self.given[kwargs["group_id"]] = kwargs
        self.made[kwargs["group_id"]] = made
        return made


class Polls:
    """An aiokafka consumer's `getmany`, answering from a script."""

    def __init__(self, *answers: dict[str, list[str]]) -> None:
        self.answers = list(answers)
        self.asked: list[dict[str, Any]] = []

    async def getmany(self, *partitions: Any, **kwargs: Any) -> dict[str, list[str]]:
        self.asked.append(kwargs)
        return self.answers.pop(0)


def subscribed(tuning: ConsumerTuning) -> RecordingBroker:
    broker = RecordingBroker()
    subscriptions.subscribe(Thing(tuning), broker)
    return broker


def test_fresh_events_are_fetched_with_the_short_wait_and_heartbeat() -> None:
    broker = subscribed(ConsumerTuning(fetch_max_wait_ms=100, heartbeat_interval_ms=100))

    events = broker.given["p.things"]
    assert (events["fetch_max_wait_ms"], events["heartbeat_interval_ms"]) == (100, 100)


def test_the_retry_subscription_fetches_and_heartbeats_less_often() -> None:
    tuning = ConsumerTuning(
        retry_delays_s=(1.5, 5.0), retry_fetch_max_wait_ms=2000, retry_heartbeat_interval_ms=900
    )

    retry = subscribed(tuning).given["p.things.retry"]

    assert retry["fetch_max_wait_ms"] == 1500  # the first retry is due after 1.5 s
    assert retry["heartbeat_interval_ms"] == 900
    assert retry["session_timeout_ms"] == tuning.session_timeout_ms


async def test_an_idle_events_poll_waits_once_and_does_not_sleep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def no_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s after an empty poll")

    # FastStream's own batch loop sleeps through this after an empty poll.
    monkeypatch.setattr("faststream.kafka.subscriber.usecase.anyio.sleep", no_sleep)
    events = subscribed(ConsumerTuning(idle_poll_ms=700, max_batch=50)).made["p.things"]
    polls = Polls({})

    assert await events.get_msg(polls) == ()
    assert polls.asked == [{"timeout_ms": 700, "max_records": 50}]


async def test_a_poll_returns_the_records_of_every_partition() -> None:
    events = subscribed(ConsumerTuning()).made["p.things"]

    got = await events.get_msg(Polls({"tp0": ["a", "b"], "tp1": ["c"]}))

    assert got == ("a", "b", "c")
