"""Volunteers settings."""

from __future__ import annotations

from typing import ClassVar

from t2t_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service: ClassVar[str] = "volunteers"
    default_port: ClassVar[int] = 8003
