"""The CLI's fixed choices as enums, so `--help` lists them and typer refuses anything else.

Each mirrors a tuple the platform defines; `cli/tests/test_cli_help.py` holds them equal.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    REFERRER = "referrer"
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
    COMMISSIONER = "commissioner"
    OPS = "ops"
    ADMIN = "admin"


class ApiService(StrEnum):
    """A service with an HTTP API, i.e. a token audience."""

    REFERRALS = "referrals"
    GROUPS = "groups"
    VOLUNTEERS = "volunteers"
    NOTIFICATIONS = "notifications"
    OPS = "ops"


class PublishingService(StrEnum):
    """A service whose topics the ops commands read (and whose outbox `t2t replay` reads)."""

    REFERRALS = "referrals"
    GROUPS = "groups"
    VOLUNTEERS = "volunteers"
    NOTIFICATIONS = "notifications"


class DemoScale(StrEnum):
    PILOT = "pilot"
    SMALL = "small"
