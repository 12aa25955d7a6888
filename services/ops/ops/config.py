"""Ops settings."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from ops.domain.topic_selection import OBSERVED_SERVICES
from t2t_shared.settings import ServiceSettings
from t2t_shared.signin import SignInSettings


class Settings(ServiceSettings, SignInSettings):
    service: ClassVar[str] = "ops"
    default_port: ClassVar[int] = 8000

    observed_services: tuple[str, ...] = Field(
        OBSERVED_SERVICES, description="Services whose events topic the console reads"
    )
    consumer_groups: tuple[str, ...] = Field(
        OBSERVED_SERVICES, description="Consumers whose lag is measured (group id = prefix+name)"
    )
    lag_interval_s: float = Field(5.0, gt=0, description="How often consumer lag is measured")
    topic_refresh_s: float = Field(5.0, gt=0, description="How often new topics are looked for")
    redrive_log_interval_s: float = Field(
        10.0, gt=0, description="How often redrives recorded elsewhere are read back"
    )
    feed_size: int = Field(2000, ge=10, description="Events kept for the live feed")
    projection_batch: int = Field(
        5000, ge=1, le=100_000, description="Most records applied to the read models at once"
    )
    lag_history_days: float = Field(7.0, gt=0, description="How long lag samples are kept")
    first_contact_target_hours: float = Field(
        48.0, gt=0, description="Time-to-first-contact target shown in area reports"
    )
    regions: dict[str, str] = Field(
        default_factory=dict,
        description="National mode: region -> topic prefix of its mirrored events topics, "
        'e.g. {"west-yorkshire": "west-yorkshire.t2t."}; areas become `region/area`',
    )

    @property
    def area_enum(self) -> tuple[str, ...]:
        # National areas (`region/area`) are not listed: the routes check them themselves.
        return () if self.regions else tuple(self.areas)

    def known_area(self, area: str) -> bool:
        """An area of this deployment; in national mode any area of a configured region."""
        if self.regions:
            region, _, name = area.partition("/")
            return region in self.regions and bool(name)
        return area in self.areas
