"""Notifications settings: providers, sending limits, quiet hours and the platform's own."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from notifications.domain.quiet_hours import QuietHours
from notifications.service_layer.offer_links import DEFAULT_PORTAL_URL
from t2t_shared.offer_links import DEV_OFFER_LINK_SECRET, refuse_dev_secret
from t2t_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service: ClassVar[str] = "notifications"
    default_port: ClassVar[int] = 8004

    email_provider: Literal["smtp", "notify"] = "smtp"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_from: str = "Type 2 Together <hello@type2together.org.uk>"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_use_tls: bool = False
    smtp_ca_file: Path | None = Field(
        None, description="CA bundle that signs the relay's certificate; the system's if unset"
    )
    smtp_rate_per_minute: float | None = Field(
        None, gt=0, description="Cap on emails a minute through SMTP; none by default"
    )

    sms_provider: Literal["sink", "notify"] = "sink"
    sms_sink_path: Path | None = Field(None, description="Defaults to <T2T_HOME>/sms.jsonl")
    notify_api_key: SecretStr | None = None
    notify_base_url: str = "https://api.notifications.service.gov.uk"
    notify_sms_template_id: str = ""
    notify_email_template_id: str = ""
    notify_rate_per_minute: float = Field(
        3000, gt=0, description="GOV.UK Notify's limit, shared by its email and SMS sends"
    )
    notify_callback_token: SecretStr | None = Field(
        None, description="Bearer token GOV.UK Notify sends with delivery receipts"
    )

    sms_quiet_hours: str = Field(
        "20:00-08:00", description="Local times texts wait out, e.g. 20:00-08:00; '' for none"
    )
    quiet_hours_timezone: str = "Europe/London"
    coordinator_mailboxes: dict[str, str] = Field(
        default_factory=dict,
        description='Area -> coordinators\' shared mailbox, e.g. {"leeds":"leeds@t2t.example"}',
    )

    sends_per_recipient_per_day: int = Field(
        10,
        ge=0,
        description="Most messages one email address or mobile number of a person or "
        "volunteer gets in 24 hours; more are cancelled (no NotificationFailed, not a contact "
        "attempt). 0 turns the cap off",
    )
    dispatch_batch_size: int = Field(10, ge=1, description="Sends in flight per round")
    dispatch_workers: int = Field(4, ge=1, description="Dispatch rounds in flight at once")
    dispatch_poll_interval_s: float = Field(0.5, gt=0)
    max_send_attempts: int = Field(5, ge=1)
    dispatch_abandoned_after_s: float = Field(
        120.0, gt=0, description="A send claimed this long ago belongs to a sender that died"
    )
    dispatch_drain_timeout_s: float = Field(
        15.0, gt=0, description="At shutdown, how long sends in progress get to finish"
    )
    provider_outage_window_s: float = Field(
        86400.0,
        gt=0,
        description="How long messages wait out a paused provider before they fail "
        "(provider_unavailable, not counted against the person)",
    )
    provider_probe_first_s: float = Field(5.0, gt=0, description="First probe of a paused provider")
    provider_probe_max_s: float = Field(300.0, gt=0, description="Cap on the probes' backoff")
    provider_probe_lease_s: float = Field(
        120.0,
        gt=0,
        description="How long one replica holds a paused provider's probe: a probe whose "
        "send neither got through nor failed (its answer lost) frees it only after this",
    )
    unknown_outcome_grace_s: float = Field(
        60.0,
        gt=0,
        description="A Notify send whose answer was lost is looked up by reference after this",
    )
    contact_wait_max_s: float = Field(
        3600.0,
        gt=0,
        description="An event waiting longer than this for a contact record is given up "
        "(NotificationFailed contact_details_missing, for follow-up)",
    )
    housekeeping_every_s: float = Field(60.0, gt=0, description="Waiting and retention checks")
    retention_attempts_days: int = Field(
        90, ge=1, description="Attempts of settled notifications are deleted after this"
    )
    retention_notifications_days: int = Field(
        400, ge=1, description="Settled notifications are deleted after this"
    )
    contact_target_days: int = 2

    portal_url: str = Field(
        DEFAULT_PORTAL_URL, description="The portal's public address, for links in messages"
    )
    offer_link_secret: SecretStr = Field(
        SecretStr(DEV_OFFER_LINK_SECRET),
        description="Signs the links in place-offer messages; groups checks them with it",
    )

    @field_validator("sms_quiet_hours")
    @classmethod
    def _quiet_hours_parse(cls, value: str) -> str:
        try:
            QuietHours.parse(value)
        except ValueError:
            raise ValueError("must be HH:MM-HH:MM, e.g. 20:00-08:00, or empty") from None
        return value

    @model_validator(mode="after")
    def _receipts_need_a_token(self) -> Settings:
        uses_notify = "notify" in (self.email_provider, self.sms_provider)
        if self.environment == "production" and uses_notify and not self.notify_callback_token:
            raise ValueError("T2T_NOTIFY_CALLBACK_TOKEN must be set to receive Notify receipts")
        return self

    @model_validator(mode="after")
    def _refuse_dev_offer_secret(self) -> Settings:
        refuse_dev_secret(self.environment, self.offer_link_secret.get_secret_value())
        return self

    @model_validator(mode="after")
    def _refuse_plaintext_sending_in_production(self) -> Settings:
        # Contact details and message text must not cross the network in clear, and a
        # production text must reach a phone, not a file on the pod.
        if self.environment != "production":
            return self
        if self.email_provider == "smtp" and not (self.smtp_starttls or self.smtp_use_tls):
            raise ValueError(
                "production sends email over TLS: set T2T_SMTP_STARTTLS or T2T_SMTP_USE_TLS"
            )
        if self.sms_provider == "sink":
            raise ValueError("T2T_SMS_PROVIDER=sink is for development; use notify in production")
        return self

    @property
    def quiet_hours(self) -> QuietHours | None:
        return QuietHours.parse(self.sms_quiet_hours, self.quiet_hours_timezone)

    @property
    def sms_sink_file(self) -> Path:
        return self.sms_sink_path or self.home / "sms.jsonl"
