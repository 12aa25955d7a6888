"""Notifications settings: providers, sending limits and the platform's own."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, SecretStr

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

    sms_provider: Literal["sink", "notify"] = "sink"
    sms_sink_path: Path | None = Field(None, description="Defaults to <T2T_HOME>/sms.jsonl")
    notify_api_key: SecretStr | None = None
    notify_base_url: str = "https://api.notifications.service.gov.uk"
    notify_sms_template_id: str = ""
    notify_email_template_id: str = ""

    dispatch_batch_size: int = Field(10, ge=1, description="Sends in flight per round")
    dispatch_workers: int = Field(4, ge=1, description="Dispatch rounds in flight at once")
    dispatch_poll_interval_s: float = Field(0.5, gt=0)
    max_send_attempts: int = Field(5, ge=1)
    dispatch_abandoned_after_s: float = Field(
        120.0, gt=0, description="A send claimed this long ago belongs to a sender that died"
    )
    contact_target_days: int = 2

    @property
    def sms_sink_file(self) -> Path:
        return self.sms_sink_path or self.home / "sms.jsonl"
