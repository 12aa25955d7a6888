"""The test session starts from a clean T2T_* environment, keeping only explicit overrides."""

from __future__ import annotations

import os

from t2t_cli.pytest_plugin import KEPT_PREFIXES, clear_t2t_environment


def test_clears_settings_but_keeps_infrastructure_overrides_and_other_variables() -> None:
    environ = {
        "T2T_ENVIRONMENT": "production",
        "T2T_TOPIC_PREFIX": "wy.",
        "T2T_DATABASE_URL_REFERRALS": "postgresql://prod/refs",
        "T2T_TEST_POSTGRES_DSN": "postgresql://ci@db:5432/",
        "T2T_TEST_KAFKA_BOOTSTRAP": "kafka:9092",
        "T2T_BENCH_KAFKA_BOOTSTRAP": "kafka:9092",
        "T2T_FUZZ_MAX_EXAMPLES": "100",
        "PATH": "/usr/bin",
        "XT2T_ENVIRONMENT": "kept: not ours",
    }
    removed = clear_t2t_environment(environ)
    assert removed == ["T2T_DATABASE_URL_REFERRALS", "T2T_ENVIRONMENT", "T2T_TOPIC_PREFIX"]
    assert environ == {
        "T2T_TEST_POSTGRES_DSN": "postgresql://ci@db:5432/",
        "T2T_TEST_KAFKA_BOOTSTRAP": "kafka:9092",
        "T2T_BENCH_KAFKA_BOOTSTRAP": "kafka:9092",
        "T2T_FUZZ_MAX_EXAMPLES": "100",
        "PATH": "/usr/bin",
        "XT2T_ENVIRONMENT": "kept: not ours",
    }


def test_this_session_holds_only_the_plugins_own_and_kept_variables() -> None:
    # The plugin sets the session's key and JWKS URL; anything else T2T_* came from outside.
    ours = {"T2T_JWKS_URL", "T2T_SIGNING_KEY_FILE"}
    leftover = [
        name
        for name in os.environ
        if name.startswith("T2T_") and name not in ours and not name.startswith(KEPT_PREFIXES)
    ]
    assert leftover == []
