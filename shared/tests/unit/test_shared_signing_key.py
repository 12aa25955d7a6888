"""Which key a process mints platform tokens with, and what production refuses."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from t2t_shared.auth import generate_signing_key, write_key_pair
from t2t_shared.auth.platform import platform_signing_key
from t2t_shared.settings import PlatformSettings

HTTPS_JWKS = "https://portal.example.org/.well-known/jwks.json"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("T2T_"):
            monkeypatch.delenv(name)


def test_development_makes_the_dev_key_once_and_keeps_it(tmp_path: Path) -> None:
    settings = PlatformSettings(home=tmp_path)

    first, again = platform_signing_key(settings), platform_signing_key(settings)

    assert first == again
    assert first.is_dev
    assert (tmp_path / "keys" / "signing-key.json").stat().st_mode & 0o077 == 0


def test_a_second_writer_keeps_the_key_already_there(tmp_path: Path) -> None:
    kept = write_key_pair(tmp_path, generate_signing_key())

    assert write_key_pair(tmp_path, generate_signing_key()) == kept


def test_production_refuses_to_mint_without_a_key() -> None:
    settings = PlatformSettings(environment="production", jwks_url=HTTPS_JWKS)

    with pytest.raises(ValueError, match="T2T_SIGNING_KEY"):
        platform_signing_key(settings)


def test_production_refuses_the_dev_key(tmp_path: Path) -> None:
    write_key_pair(tmp_path, generate_signing_key(dev=True))
    settings = PlatformSettings(
        environment="production",
        jwks_url=HTTPS_JWKS,
        signing_key_file=tmp_path / "signing-key.json",
    )

    with pytest.raises(ValueError, match="development key"):
        platform_signing_key(settings)


def test_production_signs_with_the_key_from_its_secret() -> None:
    key = generate_signing_key(dev=False)
    settings = PlatformSettings(
        environment="production", jwks_url=HTTPS_JWKS, signing_key=json.dumps(key.private_jwk)
    )

    assert platform_signing_key(settings) == key


def test_a_key_that_is_not_a_private_jwk_is_refused_without_quoting_it() -> None:
    settings = PlatformSettings(signing_key='{"kty": "oct", "k": "c2VjcmV0LXZhbHVl"}')

    with pytest.raises(ValueError, match="not a private JWK") as refused:
        platform_signing_key(settings)
    assert "c2VjcmV0" not in str(refused.value)
