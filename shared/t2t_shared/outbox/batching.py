"""Outbox rows into the producer's own record batches, each partition's in order."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer

from t2t_shared.outbox.quarantine import record_size, too_large

HEADROOM = 64 * 1024


@dataclass
class Delivery:
    """What became of one round's rows; rows in none of the lists wait for the next round."""

    ok: list[Any] = field(default_factory=list)
    failed: list[Any] = field(default_factory=list)
    error: str | None = None
    refused: list[tuple[Any, str]] = field(default_factory=list)


async def deliver(
    producer: AIOKafkaProducer,
    rows: list[Any],
    partitions: dict[str, list[int]],
    max_record_bytes: int,
) -> Delivery:
    """Every partition side by side; within one, record batches one after another.

    One future a batch instead of one a record: the per-record send was most of the
    relay's own time. A partition's next batch goes only once the broker acknowledged
    the one before, and not at all if it failed, so a key's records never overtake each
    other. A row no broker would take is refused (with the reason) and the later rows of
    its key are held back, neither sent nor marked.
    """
    by_partition: dict[tuple[str, int], list[Any]] = {}
    for row in rows:
        choices = partitions[row["topic"]]
        target = (row["topic"], choices[row["key_hash"] % len(choices)])
        by_partition.setdefault(target, []).append(row)
    delivery = Delivery()
    await asyncio.gather(
        *(
            _one_partition(producer, topic, partition, group, max_record_bytes, delivery)
            for (topic, partition), group in by_partition.items()
        )
    )
    return delivery


async def _one_partition(
    producer: AIOKafkaProducer,
    topic: str,
    partition: int,
    rows: list[Any],
    max_record_bytes: int,
    delivery: Delivery,
) -> None:
    held: set[str] = set()
    batch = producer.create_batch()
    members: list[Any] = []
    for row in rows:
        if row["key"] in held:
            continue
        # Headers and key are small: only a value near the limit needs the exact size,
        # which costs more than the rest of a row's handling.
        if len(row["value"] or b"") > max_record_bytes - HEADROOM and (
            (size := record_size(row)) > max_record_bytes
        ):
            delivery.refused.append((row, too_large(size, max_record_bytes)))
            held.add(row["key"])
            continue
        if _append(batch, row) is None:
            if not await _send(producer, topic, partition, batch, members, delivery):
                return
            batch, members = producer.create_batch(), []
            _append(batch, row)
        members.append(row)
    if members:
        await _send(producer, topic, partition, batch, members, delivery)


async def _send(
    producer: AIOKafkaProducer,
    topic: str,
    partition: int,
    batch: Any,
    members: list[Any],
    delivery: Delivery,
) -> bool:
    # Closed, the batch is sent at once: an open one waits out the producer's linger,
    # which only helps records that could still join it, and none will.
    batch.close()
    try:
        await (await producer.send_batch(batch, topic, partition=partition))
    except Exception as exc:
        delivery.failed.extend(members)
        delivery.error = delivery.error or type(exc).__name__
        return False
    delivery.ok.extend(members)
    return True


def _append(batch: Any, row: Any) -> object:
    return batch.append(
        key=row["key"].encode(),
        value=row["value"],
        timestamp=None,
        headers=list(zip(row["header_keys"], row["header_values"], strict=True)),
    )
