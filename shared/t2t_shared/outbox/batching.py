"""Outbox rows into the producer's own record batches, one partition at a time, in order."""

from __future__ import annotations

import asyncio
from typing import Any

from aiokafka import AIOKafkaProducer

from t2t_shared.outbox.quarantine import record_size, too_large


async def send_in_batches(
    producer: AIOKafkaProducer,
    rows: list[Any],
    partitions: dict[str, list[int]],
    max_record_bytes: int,
) -> tuple[list[tuple[list[Any], asyncio.Future[Any]]], list[tuple[Any, str]]]:
    """Rows grouped by partition, in order, into the producer's own record batches.

    One future a batch instead of one a record: the per-record send was most of the
    relay's own time. Returns each batch's rows with the future of its delivery, and
    the rows no broker would take, with the reason; the later rows of their keys are
    held back (neither sent nor marked), so a key's order survives a refused row.
    """
    by_partition: dict[tuple[str, int], list[Any]] = {}
    for row in rows:
        choices = partitions[row["topic"]]
        target = (row["topic"], choices[row["key_hash"] % len(choices)])
        by_partition.setdefault(target, []).append(row)
    sent: list[tuple[list[Any], asyncio.Future[Any]]] = []
    refused: list[tuple[Any, str]] = []
    held: set[str] = set()
    for (topic, partition), group in by_partition.items():
        batch = producer.create_batch()
        members: list[Any] = []
        for row in group:
            if row["key"] in held:
                continue
            if (size := record_size(row)) > max_record_bytes:
                refused.append((row, too_large(size, max_record_bytes)))
                held.add(row["key"])
                continue
            if _append(batch, row) is None:
                future = await producer.send_batch(batch, topic, partition=partition)
                sent.append((members, future))
                batch, members = producer.create_batch(), []
                _append(batch, row)
            members.append(row)
        if members:
            future = await producer.send_batch(batch, topic, partition=partition)
            sent.append((members, future))
    return sent, refused


def _append(batch: Any, row: Any) -> object:
    return batch.append(
        key=row["key"].encode(),
        value=row["value"],
        timestamp=None,
        headers=list(zip(row["header_keys"], row["header_values"], strict=True)),
    )
