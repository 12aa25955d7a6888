"""Hypothesis profiles: `ci` (the default) keeps the run short and leaves no example database
behind; `HYPOTHESIS_PROFILE=deep` searches harder when a rule changes."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    stateful_step_count=25,
    deadline=None,  # a loaded CI machine must not turn slowness into failures
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("deep", max_examples=2000, stateful_step_count=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
