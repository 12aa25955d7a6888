import uuid

import pytest
from pydantic import ValidationError

from notifications.adapters.govuk_notify import NotifyEmailProvider, NotifySmsProvider
from notifications.adapters.rate_limit import RateLimitedEmail, RateLimitedSms
from notifications.adapters.sms_sink import SmsSinkProvider
from notifications.bootstrap import providers
from notifications.config import Settings
from notifications.domain.quiet_hours import QuietHours

KEY = f"t2t_test-{uuid.uuid4()}-{uuid.uuid4()}"


def test_notify_sends_share_one_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T2T_NOTIFY_RATE_PER_MINUTE", "1200")
    settings = Settings(email_provider="notify", sms_provider="notify", notify_api_key=KEY)
    email, sms = providers(settings)
    assert isinstance(email, RateLimitedEmail)
    assert isinstance(sms, RateLimitedSms)
    assert isinstance(email.provider, NotifyEmailProvider)
    assert isinstance(sms.provider, NotifySmsProvider)
    assert email.limiter is sms.limiter
    assert email.limiter.per_minute == 1200


def test_the_dev_defaults_are_smtp_and_the_sink_without_a_limit() -> None:
    email, sms = providers(Settings())
    assert email.name == "smtp"
    assert isinstance(sms, SmsSinkProvider)


def test_mailboxes_and_quiet_hours_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("T2T_COORDINATOR_MAILBOXES", '{"leeds":"leeds@t2t.example"}')
    monkeypatch.setenv("T2T_SMS_QUIET_HOURS", "21:00-07:30")
    settings = Settings()
    assert settings.coordinator_mailboxes == {"leeds": "leeds@t2t.example"}
    assert settings.quiet_hours == QuietHours.parse("21:00-07:30")
    assert Settings(sms_quiet_hours="").quiet_hours is None


def test_bad_quiet_hours_are_refused_with_the_form_expected() -> None:
    with pytest.raises(ValidationError, match="HH:MM-HH:MM"):
        Settings(sms_quiet_hours="after dinner")


def test_production_with_notify_needs_a_callback_token() -> None:
    with pytest.raises(ValidationError, match="NOTIFY_CALLBACK_TOKEN"):
        Settings(
            environment="production",
            jwks_url="https://idp.example.org/jwks.json",
            kafka_security_protocol="SASL_SSL",
            postgres_dsn="postgresql://t2t@db.internal/?sslmode=verify-full",
            sms_provider="notify",
            notify_api_key=KEY,
        )
