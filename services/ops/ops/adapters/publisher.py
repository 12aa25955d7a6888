"""Sends redriven records back to their original topic, waiting for every replica."""

from __future__ import annotations

import contextlib

from aiokafka import AIOKafkaProducer

from t2t_shared.messaging.kafka import KafkaConnection, create_producer


class KafkaRedrivePublisher:
    def __init__(self, connection: KafkaConnection, client_id: str = "ops-redrive") -> None:
        self._connection = connection
        self._client_id = client_id
        self._producer: AIOKafkaProducer | None = None

    async def publish(
        self, topic: str, key: bytes | None, value: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        if self._producer is None:
            producer = create_producer(self._connection, self._client_id)
            await producer.start()
            self._producer = producer
        try:
            await self._producer.send_and_wait(topic, value=value, key=key, headers=headers)
        except Exception:
            await self.close()
            raise

    async def close(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await producer.stop()
