"""How big the demo is, and how people drop out along the way (shaped on the pilot's year)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    areas: int
    volunteers_per_area: int
    groups_per_area: int
    practices_per_area: int
    referrals: int
    sessions_with_attendance: int


SCALES: dict[str, Scale] = {
    # The pilot: ~900 people, 50+ groups, ~90 facilitators, six commissioning areas.
    "pilot": Scale(
        areas=6,
        volunteers_per_area=18,
        groups_per_area=9,
        practices_per_area=14,
        referrals=900,
        sessions_with_attendance=4,
    ),
    "small": Scale(
        areas=2,
        volunteers_per_area=4,
        groups_per_area=2,
        practices_per_area=4,
        referrals=40,
        sessions_with_attendance=4,
    ),
}


@dataclass(frozen=True)
class DropOff:
    """Shares of people leaving at each step; every figure is a probability."""

    silent_practices: float = 0.25
    volunteer_leaves_in_screening: float = 0.10
    volunteer_leaves_in_training: float = 0.07
    rejected_at_triage: float = 0.08
    unreachable: float = 0.12
    reached_after_a_failed_try: float = 0.20
    declines_offer: float = 0.08
    misses_session: float = 0.25


SOURCES: tuple[tuple[str, float], ...] = (
    ("gp", 0.70),
    ("self", 0.15),
    ("health_professional", 0.10),
    ("community", 0.05),
)
REJECT_REASONS: tuple[str, ...] = ("ineligible", "out_of_area", "declined_by_person")
LEAVE_REASONS: tuple[str, ...] = ("did_not_start", "not_suitable", "moved", "resigned")
