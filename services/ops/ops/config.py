"""Ops settings."""

from __future__ import annotations

from typing import ClassVar

from t2t_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service: ClassVar[str] = "ops"
    default_port: ClassVar[int] = 8000
