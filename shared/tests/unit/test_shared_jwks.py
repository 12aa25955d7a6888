"""Keys from a JWKS over HTTP: cached, and an unknown kid fetches the set again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from t2t_cli.stack.jwks import JwksServer
from t2t_shared.auth import (
    InvalidToken,
    JwksKeys,
    SigningKey,
    TokenVerifier,
    generate_signing_key,
    issue_token,
)

OLD, NEW = generate_signing_key(), generate_signing_key()


@pytest.fixture
def server() -> Iterator[JwksServer]:
    server = JwksServer(OLD.jwks())
    server.start()
    yield server
    server.stop()


def verifier(url: str) -> TokenVerifier:
    return TokenVerifier(JwksKeys(url, cooldown_s=0), issuer="t2t", audience="t2t-groups")


def token(key: SigningKey) -> str:
    return issue_token(key, role="coordinator", areas=["leeds"], audience="t2t-groups")


def test_a_token_is_checked_against_the_published_key(server: JwksServer) -> None:
    assert verifier(server.url).verify(token(OLD)).role == "coordinator"


async def test_a_rotated_key_is_fetched_when_its_kid_first_appears(server: JwksServer) -> None:
    check = verifier(server.url)
    assert (await check.averify(token(OLD))).role == "coordinator"
    server.document = {"keys": [OLD.public_jwk(), NEW.public_jwk()]}

    assert (await check.averify(token(NEW))).role == "coordinator"


def test_a_kid_the_provider_does_not_publish_is_refused(server: JwksServer) -> None:
    with pytest.raises(InvalidToken, match="unknown signing key"):
        verifier(server.url).verify(token(NEW))


def test_an_unreachable_provider_refuses_rather_than_fails() -> None:
    with pytest.raises(InvalidToken, match="could not be fetched"):
        verifier("http://127.0.0.1:9/.well-known/jwks.json").verify(token(OLD))
