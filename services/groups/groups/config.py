"""Groups settings: the platform's, plus the rules of placement and the calendar."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr, model_validator

from t2t_shared.offer_links import DEV_OFFER_LINK_SECRET, refuse_dev_secret
from t2t_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service: ClassVar[str] = "groups"
    default_port: ClassVar[int] = 8002

    offer_valid_days: float = Field(
        7, gt=0, description="An offered place is held this long before it passes on"
    )
    sessions_weeks_ahead: int = Field(
        8, ge=1, le=52, description="Sessions are put on the calendar this far ahead"
    )
    offer_sweep_interval_s: float = Field(60, gt=0, description="How often offers are expired")
    calendar_sweep_interval_s: float = Field(
        3600, gt=0, description="How often calendars are extended and lapsed facilitators found"
    )
    postcode_directory: Path | None = Field(
        None, description="Directory of postcodes_<LETTER>.msgpack.br (default: the package's)"
    )
    offer_link_secret: SecretStr = Field(
        SecretStr(DEV_OFFER_LINK_SECRET),
        description="Checks the signed links in offer messages; notifications signs with it",
    )
    offer_answer_rate_per_minute: float = Field(
        20, gt=0, description="Answers to offer links a minute from one address"
    )

    @model_validator(mode="after")
    def _refuse_dev_offer_secret(self) -> Settings:
        refuse_dev_secret(self.environment, self.offer_link_secret.get_secret_value())
        return self
