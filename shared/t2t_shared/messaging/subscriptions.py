"""A consumer's two FastStream subscriptions: its topics (in batches) and its retry topic."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from itertools import chain
from typing import Any, Literal, Protocol

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from t2t_shared.envelope import header_value
from t2t_shared.messaging.failures import ATTEMPT, RETRY_AT
from t2t_shared.messaging.rebalance import COMMIT_FAILURES, LoggingRebalanceListener
from t2t_shared.messaging.tuning import ConsumerTuning

log = logging.getLogger(__name__)


class Subscriber(Protocol):
    """What the subscriptions need of a consumer (`EventConsumer` is the one there is)."""

    name: str
    group_id: str
    retry_topic: str
    tuning: ConsumerTuning

    @property
    def topics(self) -> list[str]: ...

    async def process_batch(self, records: tuple[ConsumerRecord[Any, Any], ...]) -> None: ...

    async def process(self, record: Any, *, attempt: int, mode: Literal["retry"]) -> object: ...


def subscribe(consumer: Subscriber, broker: KafkaBroker) -> None:
    """Offsets are committed only after `process` returns, and a failed commit is logged."""
    tuning = consumer.tuning
    common: Mapping[str, Any] = {
        "auto_offset_reset": "earliest",
        "ack_policy": AckPolicy.NACK_ON_ERROR,
        "session_timeout_ms": tuning.session_timeout_ms,
        "max_poll_interval_ms": tuning.max_poll_interval_ms,
        # Handlers read the raw records. FastStream's own decoding of the body ran first and
        # failed on a tombstone that still says `content-type: application/json` (a contact
        # record erased before it was relayed), so the batch was read again for ever.
        "decoder": _undecoded,
    }
    group, retry_group = consumer.group_id, f"{consumer.group_id}.retry"

    # Records come in batches and the offsets are committed once per batch, after every
    # record of it was handled (or parked): a commit per record was a broker round trip
    # each. A crash mid-batch redelivers it; the inbox skips repeats.
    events = broker.subscriber(
        *consumer.topics,
        **common,
        fetch_max_wait_ms=tuning.fetch_max_wait_ms,
        heartbeat_interval_ms=tuning.heartbeat_interval_ms,
        group_id=group,
        listener=LoggingRebalanceListener(group),
        batch=True,
        max_records=tuning.max_batch,
        # Take what has arrived rather than wait to fill a batch: latency over batch size.
        # (FastStream's own loop; `_polled_until_records` replaces it below.)
        batch_timeout_ms=10,
        description=f"{consumer.name}: public events it acts on",
    )
    _polled_until_records(events, tuning.idle_poll_ms, tuning.max_batch)

    @events  # type: ignore[untyped-decorator]
    async def on_events(message: KafkaMessage) -> None:
        await consumer.process_batch(_records(message))
        await _commit(message, group)

    # Its own group, so a retry waiting for its due time never holds back fresh events.
    @broker.subscriber(  # type: ignore[untyped-decorator]
        consumer.retry_topic,
        **common,
        fetch_max_wait_ms=tuning.retry_fetch_wait_ms,
        heartbeat_interval_ms=tuning.retry_heartbeat_interval_ms,
        group_id=retry_group,
        listener=LoggingRebalanceListener(retry_group),
        description=f"{consumer.name}: failed events, retried later",
    )
    async def on_retry(message: KafkaMessage) -> None:
        record = _records(message)[0]
        headers = list(record.headers or [])
        due = float(header_value(headers, RETRY_AT) or 0)
        # The retry topic carries its own due times; waiting here holds back only retries.
        await asyncio.sleep(max(0.0, due - time.time()))
        attempt = int(header_value(headers, ATTEMPT) or 1)
        await consumer.process(record, attempt=attempt, mode="retry")
        await _commit(message, retry_group)


def _polled_until_records(subscriber: Any, wait_ms: int, max_records: int) -> None:
    """Each poll of the events loop waits until records arrive or `wait_ms` passes.

    FastStream's batch loop polls with its `batch_timeout_ms` and, when the poll came back
    empty, sleeps as long again before the next: with 10 ms that was a hundred wake-ups a
    second with nothing to read, and any longer would hold back records that arrive during
    the sleep. aiokafka's poll returns as soon as a fetch brings records, so one long poll
    and no sleep adds no latency and turns an idle loop once a `wait_ms`.
    """

    async def get_msg(consumer: AIOKafkaConsumer) -> tuple[ConsumerRecord[Any, Any], ...]:
        batches = await consumer.getmany(timeout_ms=wait_ms, max_records=max_records)
        return tuple(chain.from_iterable(batches.values()))

    subscriber.get_msg = get_msg


async def _commit(message: Any, group: str) -> None:
    """Commit here rather than after return, so a failed commit is logged (and nacked)."""
    try:
        await message.ack()
    except Exception as exc:
        COMMIT_FAILURES.labels(group).inc()
        log.warning(
            "offset commit failed; the records will be read again",
            extra={"group": group, "error": type(exc).__name__},
        )
        raise


async def _undecoded(message: Any) -> Any:
    return message.body


def _records(message: Any) -> tuple[ConsumerRecord[Any, Any], ...]:
    raw = message.raw_message
    return raw if isinstance(raw, tuple) else (raw,)
