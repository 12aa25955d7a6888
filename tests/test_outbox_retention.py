"""Every service that publishes prunes its published outbox rows, after the documented week."""

from __future__ import annotations

import importlib

import pytest

from tests.fixtures.services import Infra, unique_prefix

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("service", ["referrals", "groups", "volunteers", "notifications"])
def test_every_service_with_an_outbox_runs_the_pruner(infra: Infra, service: str) -> None:
    settings_class = importlib.import_module(f"{service}.config").Settings
    bootstrap = importlib.import_module(f"{service}.bootstrap").bootstrap
    settings = settings_class(**infra.settings_kwargs(infra.postgres_dsn, unique_prefix()))

    container = bootstrap(settings)

    pruner = container.runtime.pruner
    assert pruner is not None, f"{service} would keep published outbox rows forever"
    assert pruner.name == "retention"
    assert settings.outbox_retention_days == 7, "docs/architecture.md (Retention) says a week"
