"""`t2t token` and `t2t signing-key`, and the dev key `t2t up` gives the services."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import jwt
import pytest
from typer.testing import CliRunner

from t2t_cli.main import app
from t2t_cli.stack.config import SERVICES
from t2t_cli.stack.panel import StackInfo
from t2t_shared.auth import LocalKeys, TokenVerifier, load_signing_key, parse_signing_key


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("T2T_SIGNING_KEY_FILE", raising=False)
    monkeypatch.setenv("T2T_HOME", str(tmp_path / ".t2t"))
    return tmp_path / ".t2t"


def token(*args: str) -> str:
    result = CliRunner().invoke(app, ["token", *args])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_a_token_is_signed_with_the_dev_key_made_once_under_the_run_directory(home: Path) -> None:
    first = token("--role", "ops")
    key_file = home / "keys" / "signing-key.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "d" not in json.loads((home / "keys" / "jwks.json").read_text())["keys"][0]
    token("--role", "admin")
    key = load_signing_key(key_file)
    verifier = TokenVerifier(LocalKeys(key), issuer="t2t", audience="t2t-ops")

    principal = verifier.verify(first)

    assert (principal.role, principal.areas) == ("ops", ("*",))
    claims = jwt.decode(first, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 3600
    assert len(claims["aud"]) == 5


def test_audience_narrows_the_token_to_the_services_named(home: Path) -> None:
    claims = jwt.decode(
        token("--role", "coordinator", "--area", "leeds", "--audience", "groups"),
        options={"verify_signature": False},
    )
    assert claims["aud"] == ["t2t-groups"]


@pytest.mark.parametrize(
    "args",
    [
        ["--role", "referrer"],
        ["--role", "coordinator", "--audience", "billing"],
        ["--role", "ops", "--ttl", "86400"],
    ],
)
def test_tokens_that_would_not_be_usable_are_refused(home: Path, args: list[str]) -> None:
    assert CliRunner().invoke(app, ["token", *args]).exit_code != 0


def test_signing_key_prints_a_production_key() -> None:
    result = CliRunner().invoke(app, ["signing-key"])

    key = parse_signing_key(result.output)
    assert not key.is_dev
    assert key.private_jwk["crv"] == "P-256"


def test_up_points_every_service_at_the_portals_jwks(tmp_path: Path) -> None:
    info = StackInfo(tmp_path, "127.0.0.1", "postgresql://t2t@h:1", "h:2", "h", 3, tmp_path)
    info.services = list(SERVICES)
    env = info.service_env(info.services[1])

    assert env["T2T_JWKS_URL"] == "http://127.0.0.1:8005/.well-known/jwks.json"
    assert env["T2T_SIGNING_KEY_FILE"] == str(tmp_path / "keys" / "signing-key.json")
