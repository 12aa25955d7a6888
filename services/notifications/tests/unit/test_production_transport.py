"""Production refuses to send over plaintext SMTP or to write texts to the dev file sink."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from notifications.config import Settings

SECURE: dict[str, Any] = {
    "environment": "production",
    "jwks_url": "https://idp.example.org/jwks.json",
    "offer_link_secret": SecretStr("a-real-offer-link-secret-0123456789"),
    "kafka_security_protocol": "SASL_SSL",
    "postgres_dsn": "postgresql://t2t@db.internal/?sslmode=verify-full",
    "smtp_starttls": True,
    "sms_provider": "notify",
    "notify_api_key": SecretStr("key-0123"),
    "notify_callback_token": SecretStr("callback-token-0123"),
}


def production(**overrides: Any) -> Settings:
    return Settings(**(SECURE | overrides))


def test_a_secure_production_configuration_starts() -> None:
    assert production().sms_provider == "notify"


def test_implicit_tls_is_as_good_as_starttls() -> None:
    assert production(smtp_starttls=False, smtp_use_tls=True).smtp_use_tls


def test_production_refuses_smtp_without_tls() -> None:
    with pytest.raises(ValidationError, match="T2T_SMTP_STARTTLS or T2T_SMTP_USE_TLS"):
        production(smtp_starttls=False, smtp_use_tls=False)


def test_email_through_notify_needs_no_smtp_tls() -> None:
    settings = production(email_provider="notify", smtp_starttls=False)

    assert settings.email_provider == "notify"


def test_production_refuses_the_sms_file_sink() -> None:
    with pytest.raises(ValidationError, match="T2T_SMS_PROVIDER"):
        production(sms_provider="sink")


def test_development_keeps_the_catcher_and_the_sink() -> None:
    settings = Settings()

    assert (settings.sms_provider, settings.smtp_starttls, settings.smtp_use_tls) == (
        "sink",
        False,
        False,
    )
