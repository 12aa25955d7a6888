"""Outbox rows into record batches before the producer has them: partitions, order, refusals."""

from __future__ import annotations

from typing import Any

from aiokafka.producer.message_accumulator import BatchBuilder

from t2t_shared.outbox.batching import prepare

PARTITIONS = 3
LIMIT = 200_000


class Producer:
    """The two calls `prepare` makes; batches are aiokafka's own builders."""

    def __init__(self, batch_bytes: int = 256 * 1024) -> None:
        self.batch_bytes = batch_bytes

    def create_batch(self) -> BatchBuilder:
        return BatchBuilder(self.batch_bytes, 0)

    async def partitions_for(self, topic: str) -> set[int]:
        return set(range(PARTITIONS))


def row(i: int, key: str, key_hash: int, value: bytes = b"{}") -> dict[str, Any]:
    return {
        "id": i,
        "topic": "t",
        "key": key,
        "key_hash": key_hash,
        "value": value,
        "header_keys": ["ce_id"],
        "header_values": [str(i).encode()],
    }


def members(prepared: Any) -> dict[int, list[int]]:
    return {
        partition: [r["id"] for _, rows in batches for r in rows]
        for _, partition, batches in prepared.partitions
    }


async def test_each_partition_gets_its_keys_rows_in_order_in_closed_batches() -> None:
    rows = [row(i, f"k{i % 5}", i % 5) for i in range(1, 31)]
    prepared = await prepare(Producer(), rows, LIMIT)
    expected: dict[int, list[int]] = {}
    for r in rows:
        expected.setdefault(r["key_hash"] % PARTITIONS, []).append(r["id"])
    assert members(prepared) == expected
    assert prepared.refused == []
    for _, _, batches in prepared.partitions:
        for batch, rows_in in batches:
            assert batch.closed()
            assert batch.record_count() == len(rows_in)


async def test_a_row_too_large_is_refused_and_its_later_rows_are_held_back() -> None:
    big = b"x" * (LIMIT + 1)
    rows = [
        row(1, "a", 0),
        row(2, "b", 0),
        row(3, "a", 0, big),
        row(4, "b", 0),
        row(5, "a", 0),
        row(6, "c", 1),
    ]
    prepared = await prepare(Producer(), rows, LIMIT)
    assert [(r["id"], reason.split(":")[0]) for r, reason in prepared.refused] == [
        (3, "RecordTooLarge")
    ]
    # Row 5 comes after the refused row of its key: in neither list, it waits.
    assert members(prepared) == {0: [1, 2, 4], 1: [6]}


async def test_rows_beyond_one_record_batch_go_in_the_next_in_order() -> None:
    rows = [row(i, f"k{i}", 0, b"v" * 400) for i in range(1, 41)]
    prepared = await prepare(Producer(batch_bytes=4_096), rows, LIMIT)
    [(_, _, batches)] = prepared.partitions
    assert len(batches) > 1
    assert [r["id"] for _, rows_in in batches for r in rows_in] == list(range(1, 41))
    assert sum(batch.record_count() for batch, _ in batches) == 40


async def test_nothing_to_prepare_gives_nothing_to_send() -> None:
    prepared = await prepare(Producer(), [], LIMIT)
    assert (prepared.partitions, prepared.refused) == ([], [])
