"""Production refuses transport a review found open: forged client addresses, plaintext
Kafka, PostgreSQL without a verified TLS certificate."""

from __future__ import annotations

import os
from typing import Any, ClassVar

import pytest
from pydantic import ValidationError

from t2t_shared.settings import ServiceSettings

VERIFIED_DB = "postgresql+asyncpg://svc:pw@db.internal:5432/t2t_referrals?sslmode=verify-full"


class ParcelSettings(ServiceSettings):
    service: ClassVar[str] = "referrals"
    default_port: ClassVar[int] = 8001


class NoStoreSettings(ServiceSettings):
    """A process with neither database nor broker (the portal)."""

    service: ClassVar[str] = "portal"
    default_port: ClassVar[int] = 8005
    uses_database: ClassVar[bool] = False
    uses_broker: ClassVar[bool] = False


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("T2T_"):
            monkeypatch.delenv(name)


def production(**overrides: Any) -> ParcelSettings:
    values: dict[str, Any] = {
        "environment": "production",
        "jwks_url": "https://idp.example.org/jwks.json",
        "forwarded_allow_ips": "10.42.0.0/16",
        "kafka_security_protocol": "SASL_SSL",
        "database_url": VERIFIED_DB,
    }
    return ParcelSettings(**(values | overrides))


def test_a_secure_production_configuration_starts() -> None:
    settings = production()

    assert settings.environment == "production"


@pytest.mark.parametrize("value", ["*", "10.42.0.0/16,*", " * "])
def test_production_refuses_trusting_every_proxy(value: str) -> None:
    with pytest.raises(ValidationError, match="T2T_FORWARDED_ALLOW_IPS"):
        production(forwarded_allow_ips=value)


def test_development_may_trust_every_proxy() -> None:
    assert ParcelSettings(forwarded_allow_ips="*").forwarded_allow_ips == "*"


@pytest.mark.parametrize("protocol", ["PLAINTEXT", "SASL_PLAINTEXT"])
def test_production_refuses_kafka_without_tls(protocol: str) -> None:
    with pytest.raises(ValidationError, match="T2T_KAFKA_SECURITY_PROTOCOL"):
        production(kafka_security_protocol=protocol)


@pytest.mark.parametrize("protocol", ["SSL", "SASL_SSL"])
def test_production_takes_kafka_over_tls(protocol: str) -> None:
    assert production(kafka_security_protocol=protocol).kafka_security_protocol == protocol


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://svc:pw@db.internal:5432/t2t_referrals",
        "postgresql://svc:pw@db.internal:5432/t2t_referrals?sslmode=require",
        "postgresql+asyncpg://svc:pw@db.internal/t2t_referrals?sslmode=verify-ca",
        "postgresql+asyncpg://svc:pw@db.internal/t2t_referrals?ssl=disable",
    ],
)
def test_production_refuses_a_database_without_verified_tls(url: str) -> None:
    with pytest.raises(ValidationError, match="sslmode=verify-full") as caught:
        production(database_url=url)

    assert "pw@" not in str(caught.value), "the error must not echo the password"


def test_production_checks_the_server_dsn_when_there_is_no_database_url() -> None:
    with pytest.raises(ValidationError, match="sslmode=verify-full"):
        production(database_url=None, postgres_dsn="postgresql://t2t@db.internal:5432")

    settings = production(
        database_url=None, postgres_dsn="postgresql://t2t@db.internal:5432/?sslmode=verify-full"
    )
    assert settings.sqlalchemy_url == (
        "postgresql+asyncpg://t2t@db.internal:5432/t2t_referrals?ssl=verify-full"
    )


def test_asyncpg_gets_the_ssl_mode_under_the_name_it_takes() -> None:
    assert production().sqlalchemy_url == (
        "postgresql+asyncpg://svc:pw@db.internal:5432/t2t_referrals?ssl=verify-full"
    )


def test_a_process_without_database_or_broker_is_not_held_to_their_rules() -> None:
    settings = NoStoreSettings(
        environment="production", jwks_url="https://idp.example.org/jwks.json"
    )

    assert settings.kafka_security_protocol == "PLAINTEXT"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://a@db/x", "postgresql+asyncpg://a@db/x"),
        ("postgres://a@db/x?sslmode=verify-full", "postgresql+asyncpg://a@db/x?ssl=verify-full"),
        (
            "postgresql+asyncpg://a:p@db/x?ssl=verify-full",
            "postgresql+asyncpg://a:p@db/x?ssl=verify-full",
        ),
    ],
)
def test_any_postgres_url_becomes_what_asyncpg_takes(url: str, expected: str) -> None:
    from t2t_shared.production import asyncpg_url

    assert asyncpg_url(url) == expected
