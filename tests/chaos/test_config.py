"""Run sizes: the short run is shorter in every fault, and a control run injects nothing."""

from __future__ import annotations

from typing import Any, cast

import pytest

from notifications.config import Settings as NotificationsSettings
from t2t_cli.chaos.config import ChaosConfig
from t2t_cli.chaos.nemesis import Nemesis, fault_window_s


def test_the_short_run_is_shorter_in_every_fault_and_drives_fewer_referrals() -> None:
    full, short = ChaosConfig(), ChaosConfig.short()

    assert full.referrals >= 5000
    assert short.referrals < full.referrals
    assert fault_window_s(short) < fault_window_s(full) / 5
    for name in ("postgres_stop_s", "broker_cut_s", "provider_fault_s", "kill_every_s"):
        assert getattr(short, name) < getattr(full, name)


def test_scaling_faults_scales_each_one() -> None:
    base = ChaosConfig()
    medium = base.faults_scaled(0.2)

    assert medium.postgres_stop_s == base.postgres_stop_s * 0.2
    assert fault_window_s(medium) == fault_window_s(base) * 0.2
    assert base.scaled(referrals=None, seed=3) == ChaosConfig(seed=3)


async def test_a_control_run_waits_out_the_window_and_injects_nothing() -> None:
    config = ChaosConfig.short().faults_scaled(0.001).scaled(nemesis=False)
    stack = cast(Any, object())  # never touched: a control run breaks nothing

    assert await Nemesis(stack, config).run() == []


def test_the_short_run_recovers_from_its_faults_on_a_matching_scale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    short = ChaosConfig.short()
    for name, value in short.notifications_env().items():
        monkeypatch.setenv(name, value)

    settings = NotificationsSettings()

    # Read by the service under the names the run sets, and each shorter than the faults'
    # gaps put together: the heal is not left waiting minutes for a probe or a look-up.
    timers = (
        settings.provider_probe_max_s,
        settings.provider_probe_lease_s,
        settings.unknown_outcome_grace_s,
    )
    assert timers == (
        short.provider_probe_max_s,
        short.provider_probe_lease_s,
        short.unknown_outcome_grace_s,
    )
    assert max(timers) < short.heal_timeout_s / 4
    full = ChaosConfig()
    assert (
        full.provider_probe_max_s
        == NotificationsSettings.model_fields["provider_probe_max_s"].default
    )
