"""Portal settings: where the services' APIs are, and how people sign in."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from t2t_shared.settings import ServiceSettings
from t2t_shared.signin import SignInSettings


class Settings(ServiceSettings, SignInSettings):
    service: ClassVar[str] = "portal"
    default_port: ClassVar[int] = 8005
    uses_database: ClassVar[bool] = False
    uses_broker: ClassVar[bool] = False

    referrals_url: str = Field("http://127.0.0.1:8001", description="Referrals API base URL")
    groups_url: str = Field("http://127.0.0.1:8002", description="Groups API base URL")
    volunteers_url: str = Field("http://127.0.0.1:8003", description="Volunteers API base URL")
    notifications_url: str = Field(
        "http://127.0.0.1:8004", description="Notifications API base URL"
    )
    api_timeout_s: float = Field(10.0, gt=0, description="Give up on a service after this")
    phone: str = Field(
        "0113 496 0000", description="The team's phone number, shown when something fails"
    )

    def api_urls(self) -> dict[str, str]:
        return {
            "referrals": self.referrals_url,
            "groups": self.groups_url,
            "volunteers": self.volunteers_url,
            "notifications": self.notifications_url,
        }
