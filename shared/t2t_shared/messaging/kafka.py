"""One place that turns settings into aiokafka / FastStream client arguments."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.helpers import create_ssl_context

from t2t_shared.settings import PlatformSettings


@dataclass(frozen=True)
class KafkaConnection:
    bootstrap: str
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: str | None = None
    enable_idempotence: bool = False
    ssl_cafile: str | None = None

    @property
    def uses_tls(self) -> bool:
        return self.security_protocol in {"SSL", "SASL_SSL"}

    def ssl_context(self) -> ssl.SSLContext | None:
        """aiokafka refuses SSL and SASL_SSL without a context; the CA comes from settings."""
        return create_ssl_context(cafile=self.ssl_cafile) if self.uses_tls else None

    @classmethod
    def from_settings(cls, settings: PlatformSettings) -> KafkaConnection:
        password = settings.kafka_sasl_password
        return cls(
            bootstrap=settings.kafka_bootstrap,
            security_protocol=settings.kafka_security_protocol,
            sasl_mechanism=settings.kafka_sasl_mechanism,
            sasl_username=settings.kafka_sasl_username,
            sasl_password=password.get_secret_value() if password else None,
            enable_idempotence=settings.kafka_enable_idempotence,
            ssl_cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None,
        )

    def client_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap,
            "security_protocol": self.security_protocol,
        }
        if self.uses_tls:
            kwargs["ssl_context"] = self.ssl_context()
        if self.sasl_mechanism:
            kwargs |= {
                "sasl_mechanism": self.sasl_mechanism,
                "sasl_plain_username": self.sasl_username,
                "sasl_plain_password": self.sasl_password,
            }
        return kwargs


def create_producer(connection: KafkaConnection, client_id: str) -> AIOKafkaProducer:
    """A producer that waits for every in-sync replica.

    Idempotence stays a setting: Apache Kafka supports it, the local Tansu broker does not,
    and correctness comes from the outbox and idempotent consumers either way.
    """
    return AIOKafkaProducer(
        **connection.client_kwargs(),
        client_id=client_id,
        acks="all",
        enable_idempotence=connection.enable_idempotence,
        linger_ms=5,
        request_timeout_ms=15_000,
        max_batch_size=256 * 1024,
    )


def create_reader(connection: KafkaConnection, client_id: str) -> AIOKafkaConsumer:
    """A consumer in no group that commits nothing: for reading one record back."""
    return AIOKafkaConsumer(
        **connection.client_kwargs(),
        client_id=client_id,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
