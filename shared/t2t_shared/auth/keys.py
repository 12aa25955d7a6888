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
    """Read a private JWK (kty EC, crv P-256, with `d` and `kid`)."""
    try:
        jwk = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read the signing key {path}: {type(exc).__name__}") from exc
    if not isinstance(jwk, dict) or "d" not in jwk or not jwk.get("kid"):
        raise ValueError(f"{path} is not a private JWK with a kid")
    jwt.PyJWK(jwk, algorithm=ALGORITHM)  # refuses a key of the wrong type or curve
    return SigningKey(str(jwk["kid"]), jwk)


def write_key_pair(directory: Path, key: SigningKey) -> None:
    """The private key (0600, never group- or world-readable) and the public JWKS beside it."""
    directory.mkdir(parents=True, exist_ok=True)
    private = directory / PRIVATE_KEY_FILE
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(key.private_jwk, out)
    private.chmod(0o600)
    (directory / JWKS_FILE).write_text(json.dumps(key.jwks(), indent=2))


def ensure_dev_key_pair(directory: Path) -> SigningKey:
    """The dev key under `directory`, made on first use and kept across runs."""
    path = directory / PRIVATE_KEY_FILE
    if path.exists():
        return load_signing_key(path)
    key = generate_signing_key(dev=True)
    write_key_pair(directory, key)
    return key
