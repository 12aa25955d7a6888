"""Composition root of the volunteers service."""

from __future__ import annotations

from dataclasses import dataclass

from t2t_shared.runtime import ServiceRuntime
from volunteers.adapters import orm
from volunteers.config import Settings


@dataclass
class Container:
    settings: Settings
    runtime: ServiceRuntime


def bootstrap(settings: Settings | None = None) -> Container:
    settings = settings or Settings()
    return Container(settings, ServiceRuntime(settings, outbox_table=orm.outbox))
