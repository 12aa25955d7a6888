"""Outbox rows into the producer's own record batches, each partition's in order.

Building the record batches (`prepare`) is apart from handing them to the producer
(`deliver`): the chain builds a batch while the one before is still at the broker, and
the producer gets it only once that one has been acknowledged.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer

from t2t_shared.outbox.quarantine import record_size, too_large

HEADROOM = 64 * 1024


@dataclass
class Prepared:
    """One batch of rows in closed record batches, none of them handed to the producer.

    `partitions`: (topic, partition, its record batches in order, each with its rows);
    `refused`: rows no broker would take, with the reason. The later rows of a refused
    row's key are in neither: they wait for the next round.
    """

    partitions: list[tuple[str, int, list[tuple[Any, list[Any]]]]] = field(default_factory=list)
    refused: list[tuple[Any, str]] = field(default_factory=list)


@dataclass
class Delivery:
    """What became of one round's rows; rows in none of the lists wait for the next round."""

    ok: list[Any] = field(default_factory=list)
    failed: list[Any] = field(default_factory=list)
    error: str | None = None
    refused: list[tuple[Any, str]] = field(default_factory=list)


async def prepare(producer: AIOKafkaProducer, rows: list[Any], max_record_bytes: int) -> Prepared:
    """Each partition's rows, in order, appended to record batches that are then closed.

    Closed, a batch is sent as soon as the producer has it: an open one would wait out
    the producer's linger, which only helps records that could still join it.
    """
    choices = {
        topic: sorted(await producer.partitions_for(topic)) for topic in {r["topic"] for r in rows}
    }
    by_partition: dict[tuple[str, int], list[Any]] = {}
    for row in rows:
        ours = choices[row["topic"]]
        by_partition.setdefault((row["topic"], ours[row["key_hash"] % len(ours)]), []).append(row)
    prepared = Prepared()
    for (topic, partition), group in by_partition.items():
        batches = _record_batches(producer, group, max_record_bytes, prepared.refused)
        prepared.partitions.append((topic, partition, batches))
    return prepared


def _record_batches(
    producer: AIOKafkaProducer,
    rows: list[Any],
    max_record_bytes: int,
    refused: list[tuple[Any, str]],
) -> list[tuple[Any, list[Any]]]:
    held: set[str] = set()
    members: list[Any]
    batch, members = producer.create_batch(), []
    batches: list[tuple[Any, list[Any]]] = [(batch, members)]
    limit = max_record_bytes - HEADROOM
    for row in rows:
        key, value = row["key"], row["value"]
        if held and key in held:
            continue
        # Headers and key are small: only a value near the limit needs the exact size,
        # which costs more than the rest of a row's handling.
        if (
            value is not None
            and len(value) > limit
            and ((size := record_size(row)) > max_record_bytes)
        ):
            refused.append((row, too_large(size, max_record_bytes)))
            held.add(key)
            continue
        headers = list(zip(row["header_keys"], row["header_values"], strict=True))
        if batch.append(key=key.encode(), value=value, timestamp=None, headers=headers) is None:
            batch.close()
            batch, members = producer.create_batch(), []
            batches.append((batch, members))
            batch.append(key=key.encode(), value=value, timestamp=None, headers=headers)
        members.append(row)
    batch.close()
    return [(b, m) for b, m in batches if m]


async def deliver(producer: AIOKafkaProducer, prepared: Prepared) -> Delivery:
    """Every partition side by side; within one, record batches one after another.

    One future a batch instead of one a record: the per-record send was most of the
    relay's own time. A partition's next batch goes only once the broker acknowledged
    the one before, and not at all if it failed, so a key's records never overtake each
    other.
    """
    delivery = Delivery(refused=prepared.refused)
    await asyncio.gather(
        *(
            _one_partition(producer, topic, partition, batches, delivery)
            for topic, partition, batches in prepared.partitions
        )
    )
    return delivery


async def _one_partition(
    producer: AIOKafkaProducer,
    topic: str,
    partition: int,
    batches: list[tuple[Any, list[Any]]],
    delivery: Delivery,
) -> None:
    for batch, members in batches:
        try:
            await (await producer.send_batch(batch, topic, partition=partition))
        except Exception as exc:
            delivery.failed.extend(members)
            delivery.error = delivery.error or type(exc).__name__
            return
        delivery.ok.extend(members)
