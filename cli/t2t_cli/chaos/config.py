"""How big a chaos run is and how hard the nemesis hits: the full run and the short one."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

ALL_SERVICES = ("referrals", "groups", "volunteers", "notifications", "ops")


@dataclass(frozen=True)
class ChaosConfig:
    referrals: int = 5000
    areas: int = 3
    volunteers_per_area: int = 8
    groups_per_area: int = 4
    services: tuple[str, ...] = ALL_SERVICES
    replicas: int = 2
    concurrency: int = 24
    erase_share: float = 0.03  # of people referred, erased at once
    seed: int = 12
    # False: the same workload over the same window with no fault at all, a control run
    # that tells what fails without faults from what the faults break.
    nemesis: bool = True
    # The nemesis: how long each fault lasts and how long the platform breathes between.
    postgres_stop_s: float = 60.0
    broker_cut_s: float = 30.0
    provider_fault_s: float = 300.0
    ambiguous_fault_s: float = 60.0
    gap_s: float = 20.0
    kill_every_s: float = 45.0
    restart_after_s: float = 5.0
    # After the last fault: how long everything may take to drain before the checker runs.
    heal_timeout_s: float = 900.0
    # A call that keeps failing through faults is given up after this long.
    call_deadline_s: float = 600.0
    # Notifications' recovery timers, scaled with the faults: a paused provider is probed
    # at most this far apart (a probe whose answer is lost is held for the lease), and a send
    # whose answer was lost is looked up after the grace.
    # The full run keeps the service's defaults; the short run's seconds-long faults would
    # otherwise leave it minutes of waiting for probes after the last fault.
    provider_probe_max_s: float = 300.0
    provider_probe_lease_s: float = 120.0
    unknown_outcome_grace_s: float = 60.0

    @classmethod
    def short(cls) -> ChaosConfig:
        """About a minute and a half in all, stack included: what the test suite runs."""
        return cls(
            referrals=120,
            areas=2,
            volunteers_per_area=3,
            groups_per_area=2,
            # The console reads every topic but is judged by nothing: left out to spare CPU.
            services=("referrals", "groups", "volunteers", "notifications"),
            concurrency=8,
            erase_share=0.05,
            # Each fault kind still strikes while referrals are in flight (a few a second):
            # seconds are enough to hit sends, relays and consumers mid-way; longer only
            # repeats the same failures at a test-suite price.
            postgres_stop_s=4.0,
            broker_cut_s=4.0,
            provider_fault_s=4.0,
            ambiguous_fault_s=4.0,
            gap_s=1.0,
            kill_every_s=10.0,
            restart_after_s=2.0,
            heal_timeout_s=240.0,
            call_deadline_s=180.0,
            provider_probe_max_s=8.0,
            provider_probe_lease_s=20.0,
            unknown_outcome_grace_s=8.0,
        )

    def notifications_env(self) -> dict[str, str]:
        """The recovery timers above, as the notifications service reads them."""
        return {
            "T2T_PROVIDER_PROBE_MAX_S": str(self.provider_probe_max_s),
            "T2T_PROVIDER_PROBE_LEASE_S": str(self.provider_probe_lease_s),
            "T2T_UNKNOWN_OUTCOME_GRACE_S": str(self.unknown_outcome_grace_s),
        }

    def scaled(self, **changes: Any) -> ChaosConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def faults_scaled(self, factor: float) -> ChaosConfig:
        """Every fault, gap and kill interval times ``factor`` (a medium run: 0.2)."""
        return replace(
            self,
            postgres_stop_s=self.postgres_stop_s * factor,
            broker_cut_s=self.broker_cut_s * factor,
            provider_fault_s=self.provider_fault_s * factor,
            ambiguous_fault_s=self.ambiguous_fault_s * factor,
            gap_s=self.gap_s * factor,
            kill_every_s=self.kill_every_s * factor,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
