"""Verifying bearer tokens: ES256/RS256 only, keys from a JWKS, issuer, audience, lifetime."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import jwt
from jwt import PyJWK, PyJWKClient

from t2t_shared.auth.keys import DEV_KID_PREFIX, SigningKey
from t2t_shared.auth.principal import InvalidToken, Principal, principal_from_claims
from t2t_shared.auth.tokens import MAX_TOKEN_LIFETIME_S

ALGORITHMS = ["ES256", "RS256"]
"""Asymmetric only: a verifier never holds anything that could sign."""
VERIFIED_TOKENS = 1024
"""Tokens remembered once verified: a client sends the same one with every request."""


class KeySource(Protocol):
    def cached(self, kid: str) -> PyJWK | None:
        """The key if known without I/O."""
        ...

    def fetch(self, kid: str) -> PyJWK:
        """The key, fetching the key set if needed (blocking); raises InvalidToken."""
        ...


class JwksKeys:
    """Keys from the identity provider's JWKS, cached; an unknown kid refetches the set
    (at most once per cooldown, so made-up kids cannot make us hammer the provider)."""

    def __init__(self, url: str, *, lifespan_s: float = 300, cooldown_s: float = 30) -> None:
        self.url = url
        self.lifespan_s = lifespan_s
        self._client = PyJWKClient(
            url, lifespan=lifespan_s, cooldown_duration=cooldown_s, timeout=5
        )
        self._keys: dict[str, tuple[PyJWK, float]] = {}

    def cached(self, kid: str) -> PyJWK | None:
        entry = self._keys.get(kid)
        if entry is None or time.monotonic() - entry[1] > self.lifespan_s:
            return None
        return entry[0]

    def fetch(self, kid: str) -> PyJWK:
        try:
            key = self._client.get_signing_key(kid)
        except jwt.PyJWKClientConnectionError as exc:
            raise InvalidToken("the signing keys could not be fetched") from exc
        except jwt.PyJWKClientError as exc:
            raise InvalidToken(f"unknown signing key '{kid}'") from exc
        self._keys[kid] = (key, time.monotonic())
        return key


class LocalKeys:
    """The public halves of keys this process holds (the portal checks its own tokens)."""

    def __init__(self, *keys: SigningKey) -> None:
        self._keys = {k.kid: PyJWK(k.public_jwk()) for k in keys}

    def cached(self, kid: str) -> PyJWK | None:
        return self._keys.get(kid)

    def fetch(self, kid: str) -> PyJWK:
        key = self._keys.get(kid)
        if key is None:
            raise InvalidToken(f"unknown signing key '{kid}'")
        return key


@dataclass(frozen=True)
class _Verified:
    principal: Principal
    kid: str
    key: PyJWK
    expires: float  # the token's exp, seconds since the epoch


class TokenVerifier:
    """Checks signature, issuer, audience (any of `audience`), expiry and lifetime."""

    def __init__(
        self,
        keys: KeySource,
        *,
        issuer: str,
        audience: str | Sequence[str],
        refuse_dev_keys: bool = False,
        max_lifetime_s: int = MAX_TOKEN_LIFETIME_S,
    ) -> None:
        self.keys = keys
        self.issuer = issuer
        self.audience = [audience] if isinstance(audience, str) else list(audience)
        self.refuse_dev_keys = refuse_dev_keys
        self.max_lifetime_s = max_lifetime_s
        self._verified: dict[str, _Verified] = {}

    def verify(self, token: str) -> Principal:
        if (known := self._remembered(token)) is not None:
            return known
        kid = self._kid(token)
        return self._decode(token, kid, self.keys.cached(kid) or self.keys.fetch(kid))

    async def averify(self, token: str) -> Principal:
        """As `verify`, but a key set fetch runs off the event loop."""
        if (known := self._remembered(token)) is not None:
            return known
        kid = self._kid(token)
        key = self.keys.cached(kid)
        if key is None:
            key = await asyncio.to_thread(self.keys.fetch, kid)
        return self._decode(token, kid, key)

    def _remembered(self, token: str) -> Principal | None:
        """A token verified before, if it would verify now without looking at it again.

        The signature check was a tenth of a request's CPU, for the same token every time.
        A remembered token stays trusted only until its `exp` and only while the key that
        verified it is still the one the key source holds without fetching: when the key
        set goes stale (five minutes for a JWKS), the token is checked afresh against the
        set fetched then, so a key taken out of the set stops being trusted as soon as it
        did before.
        """
        hit = self._verified.get(token)
        if hit is None:
            return None
        if time.time() < hit.expires and self.keys.cached(hit.kid) is hit.key:
            return hit.principal
        self._verified.pop(token, None)
        return None

    def _kid(self, token: str) -> str:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        if header.get("alg") not in ALGORITHMS:
            raise InvalidToken(f"algorithm must be one of {', '.join(ALGORITHMS)}")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InvalidToken("token header has no kid")
        if self.refuse_dev_keys and kid.startswith(DEV_KID_PREFIX):
            raise InvalidToken("a development key is not trusted here")
        return kid

    def _decode(self, token: str, kid: str, key: PyJWK) -> Principal:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                # The key's own algorithm only: a header cannot pick another one.
                algorithms=[key.algorithm_name],
                issuer=self.issuer,
                audience=self.audience,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        if int(claims["exp"]) - int(claims["iat"]) > self.max_lifetime_s:
            raise InvalidToken(f"token lifetime exceeds {self.max_lifetime_s} seconds")
        principal = principal_from_claims(claims)
        if len(self._verified) >= VERIFIED_TOKENS:
            # The oldest out: dicts keep their insertion order.
            self._verified.pop(next(iter(self._verified)), None)
        self._verified[token] = _Verified(principal, kid, key, float(claims["exp"]))
        return principal
