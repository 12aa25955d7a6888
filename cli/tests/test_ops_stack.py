"""`t2t up` starts the ops console on 8000, or where T2T_OPS_PORT says."""

from __future__ import annotations

from pathlib import Path

from t2t_cli.stack.config import SERVICES, StackConfig


def test_the_console_is_started_with_the_services_on_its_port(tmp_path: Path) -> None:
    ops = next(spec for spec in SERVICES if spec.name == "ops")
    assert (ops.module, ops.port, ops.database) == ("ops", 8000, "t2t_ops")
    assert ops.runnable()
    moved = StackConfig.from_env({"T2T_HOME": str(tmp_path), "T2T_OPS_PORT": "9100"})
    assert {s.name: s.port for s in moved.services}["ops"] == 9100
