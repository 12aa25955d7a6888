"""Tansu: starts, answers the Kafka API, carries a record, stops without leftovers."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable, Iterable

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from t2t_cli.stack.broker import TansuBroker
from t2t_cli.stack.common import PortInUseError, free_port


async def test_a_record_goes_through_the_broker(kafka_bootstrap: str) -> None:
    topic = f"cli-test-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()

    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"hello", key=b"k1", headers=[("ce_id", b"1")])
    finally:
        await producer.stop()

    # Assigned, not subscribed: a consumer group would cost seconds of rebalancing here.
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka_bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, 0)])
        record = await consumer.getone()
    finally:
        await consumer.stop()
    assert (record.key, record.value, record.headers) == (b"k1", b"hello", (("ce_id", b"1"),))


def test_tansu_starts_fast_and_leaves_no_process(
    still_alive: Callable[[Iterable[int]], list[int]],
) -> None:
    broker = TansuBroker(port=free_port())
    broker.start()
    pid = broker.pid
    assert pid is not None
    assert broker.running
    assert broker.bootstrap == f"127.0.0.1:{broker.port}"
    broker.stop()
    assert not broker.running
    assert still_alive([pid]) == []


def test_a_taken_port_is_named_in_the_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUseError, match=f"port {port} is in use.*T2T_KAFKA_BOOTSTRAP"):
            TansuBroker(port=port).start()
