"""A verified token is remembered, but never beyond its expiry or the key that verified it."""

from __future__ import annotations

import time
from typing import Any

import pytest
from jwt import PyJWK

from t2t_shared.auth import InvalidToken, TokenVerifier, generate_signing_key, issue_token
from t2t_shared.auth import verify as verify_module

KEY = generate_signing_key()


class RotatingKeys:
    """A key source whose keys can be replaced or withdrawn, as a JWKS's can."""

    def __init__(self) -> None:
        self.keys: dict[str, PyJWK] = {KEY.kid: PyJWK(KEY.public_jwk())}

    def cached(self, kid: str) -> PyJWK | None:
        return self.keys.get(kid)

    def fetch(self, kid: str) -> PyJWK:
        if kid not in self.keys:
            raise InvalidToken(f"unknown signing key '{kid}'")
        return self.keys[kid]


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tokens whose signature and claims were checked."""
    checked: list[str] = []
    real = verify_module.jwt.decode

    def counting(token: str, *args: Any, **kwargs: Any) -> Any:
        checked.append(token)
        return real(token, *args, **kwargs)

    monkeypatch.setattr(verify_module.jwt, "decode", counting)
    return checked


def verifier(keys: RotatingKeys) -> TokenVerifier:
    return TokenVerifier(keys, issuer="t2t", audience="t2t-referrals")


async def test_the_same_token_is_checked_once(decodes: list[str]) -> None:
    check = verifier(RotatingKeys())
    token = issue_token(KEY, role="coordinator", areas=["leeds"], subject="c-1")

    first = check.verify(token)
    again = await check.averify(token)

    assert again == first
    assert decodes == [token]


def test_a_token_past_its_expiry_is_checked_again(
    decodes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    check = verifier(RotatingKeys())
    token = issue_token(KEY, role="coordinator", areas=["leeds"], ttl_s=60)
    check.verify(token)
    later = time.time() + 61
    monkeypatch.setattr(verify_module.time, "time", lambda: later)

    check.verify(token)

    assert decodes == [token, token]


def test_a_withdrawn_key_stops_a_remembered_token() -> None:
    keys = RotatingKeys()
    check = verifier(keys)
    token = issue_token(KEY, role="admin", areas=["*"])
    check.verify(token)

    del keys.keys[KEY.kid]

    with pytest.raises(InvalidToken, match="unknown signing key"):
        check.verify(token)


def test_a_replaced_key_is_checked_against(decodes: list[str]) -> None:
    keys = RotatingKeys()
    check = verifier(keys)
    token = issue_token(KEY, role="admin", areas=["*"])
    check.verify(token)

    # Same kid, different material: the token no longer verifies.
    keys.keys[KEY.kid] = PyJWK(generate_signing_key().public_jwk())

    with pytest.raises(InvalidToken):
        check.verify(token)
    assert decodes == [token, token]


def test_a_refused_token_is_not_remembered(decodes: list[str]) -> None:
    check = verifier(RotatingKeys())
    wrong_audience = issue_token(KEY, role="admin", areas=["*"], audience="t2t-groups")

    for _ in range(2):
        with pytest.raises(InvalidToken):
            check.verify(wrong_audience)

    assert decodes == [wrong_audience, wrong_audience]


def test_only_so_many_tokens_are_remembered(
    decodes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify_module, "VERIFIED_TOKENS", 2)
    check = verifier(RotatingKeys())
    first, second, third = (
        issue_token(KEY, role="coordinator", areas=["leeds"], subject=f"c-{n}") for n in range(3)
    )
    for token in (first, second, third, third, second, first):
        check.verify(token)

    # The oldest made room for the third, so it was checked twice; the others once.
    assert decodes == [first, second, third, first]
