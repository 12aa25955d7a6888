"""Composition root of the ops service."""

from __future__ import annotations

from dataclasses import dataclass

from ops.adapters import orm
from ops.config import Settings
from t2t_shared.runtime import ServiceRuntime


@dataclass
class Container:
    settings: Settings
    runtime: ServiceRuntime


def bootstrap(settings: Settings | None = None) -> Container:
    settings = settings or Settings()
    return Container(settings, ServiceRuntime(settings, outbox_table=orm.outbox))
