"""Settings come from `T2T_` environment variables, service-specific ones included."""

from __future__ import annotations

import os
from typing import ClassVar

import pytest
from pydantic import ValidationError

from t2t_shared.settings import DEV_JWKS_URL, ServiceSettings


class ParcelSettings(ServiceSettings):
    service: ClassVar[str] = "referrals"
    default_port: ClassVar[int] = 8001


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("T2T_"):
            monkeypatch.delenv(name)


def test_the_default_port_is_the_services(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ParcelSettings().port == 8001


def test_the_service_port_variable_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T2T_REFERRALS_PORT", "9101")

    assert ParcelSettings().port == 9101


def test_the_service_database_url_variable_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T2T_DATABASE_URL_REFERRALS", "postgresql://app:pw@db.internal:5432/refs")

    settings = ParcelSettings()

    assert settings.database_url == "postgresql://app:pw@db.internal:5432/refs"
    assert settings.sqlalchemy_url == "postgresql+asyncpg://app:pw@db.internal:5432/refs"


def test_without_a_database_url_the_dsn_gets_the_services_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("T2T_POSTGRES_DSN", "postgresql://t2t@10.0.0.5:5432/")

    settings = ParcelSettings()

    assert settings.database_name == "t2t_referrals"
    assert settings.sqlalchemy_url == "postgresql+asyncpg://t2t@10.0.0.5:5432/t2t_referrals"


def test_the_default_dsn_points_at_the_local_cluster() -> None:
    assert ParcelSettings().sqlalchemy_url == (
        "postgresql+asyncpg://t2t@127.0.0.1:55432/t2t_referrals"
    )


def test_a_postgres_scheme_becomes_asyncpg_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T2T_DATABASE_URL_REFERRALS", "postgres://app@db/refs")

    assert ParcelSettings().sqlalchemy_url == "postgresql+asyncpg://app@db/refs"


def test_explicit_values_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T2T_REFERRALS_PORT", "9101")
    monkeypatch.setenv("T2T_DATABASE_URL_REFERRALS", "postgresql://env@db/env")

    settings = ParcelSettings(port=7000, database_url="postgresql://arg@db/arg")

    assert settings.port == 7000
    assert settings.sqlalchemy_url == "postgresql+asyncpg://arg@db/arg"


@pytest.mark.parametrize(
    "url", [DEV_JWKS_URL, "http://idp.example.org/jwks.json", "file:///etc/jwks.json"]
)
def test_production_refuses_a_jwks_url_that_is_not_https(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("T2T_ENVIRONMENT", "production")
    monkeypatch.setenv("T2T_JWKS_URL", url)

    with pytest.raises(ValidationError, match="T2T_JWKS_URL"):
        ParcelSettings()


def test_production_with_the_providers_jwks_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T2T_ENVIRONMENT", "production")
    monkeypatch.setenv("T2T_JWKS_URL", "https://login.example.org/discovery/keys")
    monkeypatch.setenv("T2T_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("T2T_POSTGRES_DSN", "postgresql://t2t@db.internal/?sslmode=verify-full")

    settings = ParcelSettings()

    assert settings.environment == "production"
    assert settings.signing_key_path is None
    assert settings.audience == "t2t-referrals"


def test_development_trusts_the_portals_jwks_and_signs_with_the_dev_key() -> None:
    settings = ParcelSettings()

    assert settings.jwks_url == DEV_JWKS_URL
    assert str(settings.signing_key_path) == ".t2t/keys/signing-key.json"


def test_deployment_and_prefix_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T2T_DEPLOYMENT", "west-yorkshire")
    monkeypatch.setenv("T2T_TOPIC_PREFIX", "wy.")

    settings = ParcelSettings()

    assert settings.source == "/t2t/west-yorkshire/referrals"
    assert settings.topic_prefix == "wy."


def test_processed_messages_must_outlive_the_topics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T2T_PROCESSED_RETENTION_DAYS", "30")

    with pytest.raises(ValidationError, match="topic retention"):
        ParcelSettings()


def test_retention_and_timeout_defaults_are_sensible() -> None:
    settings = ParcelSettings()

    assert settings.processed_retention_days > 30 > settings.outbox_retention_days
    timeouts = settings.db_timeouts
    assert timeouts.server_settings()["statement_timeout"] == "30000"
    assert timeouts.server_settings()["lock_timeout"] == "10000"
    assert timeouts.connect_args()["timeout"] == settings.db_connect_timeout_s


def test_retry_delays_must_fit_the_poll_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T2T_RETRY_DELAYS_S", "[1, 5, 200]")

    with pytest.raises(ValidationError, match="POLL_INTERVAL"):
        ParcelSettings()
