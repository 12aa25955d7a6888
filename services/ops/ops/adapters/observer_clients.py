"""The observer's Kafka clients: a consumer in no group, and an admin client to find topics.

Partitions are assigned, not subscribed, and nothing is committed, so the console never
joins (or disturbs) the services' consumer groups.
"""

from __future__ import annotations

import contextlib

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from t2t_shared.messaging.kafka import KafkaConnection


class ObserverClients:
    def __init__(self, connection: KafkaConnection) -> None:
        self._connection = connection
        self.consumer: AIOKafkaConsumer | None = None
        self.admin: AIOKafkaAdminClient | None = None

    async def open(self) -> None:
        consumer = AIOKafkaConsumer(
            **self._connection.client_kwargs(),
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=200,
            metadata_max_age_ms=5000,
        )
        admin = AIOKafkaAdminClient(**self._connection.client_kwargs(), request_timeout_ms=5000)
        self.consumer, self.admin = consumer, admin
        try:
            await consumer.start()
            await admin.start()
        except Exception:
            await self.close()
            raise

    async def close(self) -> None:
        consumer, admin = self.consumer, self.admin
        self.consumer = self.admin = None
        with contextlib.suppress(Exception):
            if consumer is not None:
                await consumer.stop()
        with contextlib.suppress(Exception):
            if admin is not None:
                await admin.close()

    def require(self) -> tuple[AIOKafkaConsumer, AIOKafkaAdminClient]:
        if self.consumer is None or self.admin is None:
            raise RuntimeError("the observer is not started")
        return self.consumer, self.admin
