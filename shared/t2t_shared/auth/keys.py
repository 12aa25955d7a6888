"""The platform signing key (a private JWK on disk) and the JWKS with its public half."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

ALGORITHM = "ES256"
DEV_KID_PREFIX = "t2t-dev-"
"""Keys made by `t2t up` and the test suite; production refuses them."""

PRIVATE_KEY_FILE = "signing-key.json"
JWKS_FILE = "jwks.json"


@dataclass(frozen=True)
class SigningKey:
    """An ES256 private key with its key id."""

    kid: str
    private_jwk: dict[str, Any]

    @property
    def is_dev(self) -> bool:
        return self.kid.startswith(DEV_KID_PREFIX)

    def sign(self, claims: dict[str, Any]) -> str:
        key = jwt.PyJWK(self.private_jwk, algorithm=ALGORITHM)
        return jwt.encode(claims, key.key, algorithm=ALGORITHM, headers={"kid": self.kid})

    def public_jwk(self) -> dict[str, Any]:
        public = {k: v for k, v in self.private_jwk.items() if k != "d"}
        return public | {"kid": self.kid, "alg": ALGORITHM, "use": "sig"}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk()]}


def generate_signing_key(*, dev: bool = True) -> SigningKey:
    private = ec.generate_private_key(ec.SECP256R1())
    jwk: dict[str, Any] = json.loads(ECAlgorithm.to_jwk(private))
    kid = (DEV_KID_PREFIX if dev else "t2t-") + jwk["x"][:16]
    return SigningKey(kid, jwk | {"kid": kid, "alg": ALGORITHM})


def load_signing_key(path: Path) -> SigningKey:
    """Read a private JWK (kty EC, crv P-256, with `d` and `kid`) from a file."""
    try:
        text = path.read_text()
    except OSError as exc:
        raise ValueError(f"cannot read the signing key {path}: {type(exc).__name__}") from exc
    return parse_signing_key(text, where=str(path))


def parse_signing_key(text: str, *, where: str = "T2T_SIGNING_KEY") -> SigningKey:
    """A private JWK from its JSON text; the error never quotes the key."""
    try:
        jwk = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{where} is not JSON") from exc
    if not isinstance(jwk, dict) or "d" not in jwk or not jwk.get("kid"):
        raise ValueError(f"{where} is not a private JWK with a kid")
    try:
        jwt.PyJWK(jwk, algorithm=ALGORITHM)  # refuses a key of the wrong type or curve
    except jwt.PyJWTError as exc:
        raise ValueError(f"{where} is not an {ALGORITHM} (P-256) key") from exc
    return SigningKey(str(jwk["kid"]), jwk)


def write_key_pair(directory: Path, key: SigningKey) -> SigningKey:
    """The private key (0600, never group- or world-readable) and the public JWKS beside it.

    Never replaces a key already there (two processes may start at once): the key on disk
    is returned, whichever process wrote it.
    """
    directory.mkdir(parents=True, exist_ok=True)
    private = directory / PRIVATE_KEY_FILE
    draft = directory / f".{PRIVATE_KEY_FILE}.{os.getpid()}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(key.private_jwk, out)
    try:
        os.link(draft, private)  # atomic, and fails if the key exists
    except FileExistsError:
        key = load_signing_key(private)
    finally:
        draft.unlink()
    (directory / JWKS_FILE).write_text(json.dumps(key.jwks(), indent=2))
    return key


def ensure_dev_key_pair(directory: Path) -> SigningKey:
    """The dev key under `directory`, made on first use and kept across runs."""
    path = directory / PRIVATE_KEY_FILE
    if path.exists():
        return load_signing_key(path)
    return write_key_pair(directory, generate_signing_key(dev=True))
