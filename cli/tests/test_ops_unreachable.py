"""Ops commands against a broker that is not there: one line saying what to do, no traceback."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from t2t_cli.main import app
from t2t_cli.ops.unreachable import UNREACHABLE


@pytest.fixture(scope="module")
def nowhere() -> str:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize(
    "args",
    [
        ["lag"],
        ["funnel"],
        ["events", "tail", "--limit", "1"],
        ["dlq", "list"],
        ["dlq", "show", "t2t.referrals.dlq:0:0"],
        ["dlq", "redrive", "--id", "t2t.referrals.dlq:0:0", "--yes"],
    ],
    ids=" ".join,
)
def test_an_unreachable_broker_gets_a_hint_and_a_nonzero_exit(
    nowhere: str, args: list[str]
) -> None:
    result = CliRunner().invoke(app, args, env={"T2T_KAFKA_BOOTSTRAP": nowhere})

    assert result.exit_code == UNREACHABLE, result.output
    assert result.stderr.splitlines() == [
        f"Cannot reach the Kafka broker at {nowhere} (T2T_KAFKA_BOOTSTRAP). Start the local "
        "stack with `make run` (or `uv run t2t up`), or set T2T_KAFKA_BOOTSTRAP to a broker "
        "that answers."
    ]
    assert "Traceback" not in result.output


def test_replay_without_its_database_names_it_without_a_password(nowhere: str) -> None:
    url = f"postgresql://t2t:secret@{nowhere}/t2t_referrals"

    result = CliRunner().invoke(
        app, ["replay", "--service", "referrals", "--database-url", url], env={}
    )

    assert result.exit_code == UNREACHABLE, result.output
    [line] = [x for x in result.stderr.splitlines() if "Cannot reach" in x]
    assert f"referrals's database at postgresql://t2t:***@{nowhere}/t2t_referrals" in line
    assert "secret" not in result.output
    assert "Traceback" not in result.output
