"""What the entrypoints need from the composition root, as a port.

Routes, consumers and sweeps are given a container that fits this Protocol
(`bootstrap.Container` in the service, a fake in the API's unit tests), so no entrypoint
imports `bootstrap`, and `bootstrap` may import the entrypoints without a cycle.
"""

from __future__ import annotations

from typing import Protocol

from groups.config import Settings
from groups.service_layer.context import Context
from groups.service_layer.unit_of_work import UnitOfWork
from t2t_shared.http.ratelimit import TokenBuckets


class Services(Protocol):
    @property
    def settings(self) -> Settings: ...
    @property
    def ctx(self) -> Context: ...
    @property
    def offers_limit(self) -> TokenBuckets: ...
    def uow(self) -> UnitOfWork: ...
