"""Bearer JWTs: ES256 with a known key, the right issuer, audience and lifetime, a role and
its scope; anything else is an InvalidToken."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from t2t_shared.auth import (
    InvalidToken,
    LocalKeys,
    Principal,
    TokenVerifier,
    generate_signing_key,
    issue_token,
)

KEY = generate_signing_key()
OTHER_KEY = generate_signing_key()
VERIFIER = TokenVerifier(LocalKeys(KEY), issuer="t2t", audience="t2t-referrals")


def raw_token(**claims: object) -> str:
    now = int(time.time())
    base: dict[str, object] = {
        "sub": "u-1",
        "role": "coordinator",
        "areas": ["leeds"],
        "iss": "t2t",
        "aud": ["t2t-referrals"],
        "iat": now,
        "exp": now + 600,
    }
    base.update(claims)
    return KEY.sign({k: v for k, v in base.items() if v is not None})


def test_issue_then_verify_gives_back_the_principal() -> None:
    token = issue_token(KEY, role="coordinator", areas=["leeds", "york"], subject="c-17")

    assert VERIFIER.verify(token) == Principal(
        subject="c-17", role="coordinator", areas=("leeds", "york"), ods_code=None
    )


def test_a_referrer_token_carries_its_ods_code() -> None:
    token = issue_token(KEY, role="referrer", areas=("leeds",), ods_code="B82005")

    principal = VERIFIER.verify(token)

    assert (principal.role, principal.ods_code, principal.subject) == ("referrer", "B82005", "dev")


def test_a_token_names_every_service_unless_told_otherwise() -> None:
    claims = jwt.decode(
        issue_token(KEY, role="ops", areas=["*"]), options={"verify_signature": False}
    )

    assert claims["aud"] == [
        "t2t-referrals",
        "t2t-groups",
        "t2t-volunteers",
        "t2t-notifications",
        "t2t-ops",
    ]
    assert claims["exp"] - claims["iat"] == 3600
    assert jwt.get_unverified_header(issue_token(KEY, role="ops", areas=["*"]))["kid"] == KEY.kid


def test_a_custom_issuer_round_trips() -> None:
    token = issue_token(KEY, role="ops", areas=["*"], issuer="t2t-north-east")
    verifier = TokenVerifier(LocalKeys(KEY), issuer="t2t-north-east", audience="t2t-referrals")

    assert verifier.verify(token).role == "ops"


def _hs256(secret: str) -> str:
    claims = {"sub": "x", "role": "admin", "areas": ["*"], "iss": "t2t", "exp": time.time() + 60}
    return jwt.encode(claims | {"iat": int(time.time())}, secret, algorithm="HS256")


def _rs256_unknown_key() -> str:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = {"sub": "x", "role": "admin", "areas": ["*"], "iss": "t2t", "aud": "t2t-referrals"}
    now = int(time.time())
    return jwt.encode(
        claims | {"iat": now, "exp": now + 60}, private, algorithm="RS256", headers={"kid": KEY.kid}
    )


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(issue_token(KEY, role="admin", areas=["*"], ttl_s=-10), id="expired"),
        pytest.param(issue_token(OTHER_KEY, role="admin", areas=["*"]), id="unknown-key"),
        pytest.param(_rs256_unknown_key(), id="another-key-under-our-kid"),
        pytest.param(_hs256("dev-only-jwt-secret-change-me-0123456789"), id="hs256"),
        pytest.param(
            issue_token(KEY, role="admin", areas=["*"], issuer="elsewhere"), id="wrong-issuer"
        ),
        pytest.param(
            issue_token(KEY, role="admin", areas=["*"], audience="t2t-groups"), id="other-audience"
        ),
        pytest.param(raw_token(aud=None), id="no-audience"),
        pytest.param(raw_token(iat=None), id="no-issued-at"),
        pytest.param(raw_token(exp=int(time.time()) + 7200), id="longer-than-an-hour"),
        pytest.param(raw_token(role="superuser"), id="unknown-role"),
        pytest.param(raw_token(role=None), id="no-role"),
        pytest.param(raw_token(areas="leeds"), id="areas-a-string"),
        pytest.param(raw_token(areas={"leeds": True}), id="areas-a-dict"),
        pytest.param(raw_token(areas=["leeds", 7]), id="areas-not-strings"),
        pytest.param(raw_token(sub=None), id="no-subject"),
        pytest.param(raw_token(exp=None), id="no-expiry"),
        pytest.param(raw_token(role="referrer"), id="referrer-without-ods-code"),
        pytest.param("not-a-jwt", id="garbage"),
        pytest.param(
            jwt.encode(
                {"sub": "x", "role": "admin", "areas": ["*"], "iss": "t2t", "aud": "t2t-referrals"},
                None,
                algorithm="none",
                headers={"kid": KEY.kid},
            ),
            id="unsigned",
        ),
    ],
)
def test_unusable_tokens_are_invalid(token: str) -> None:
    with pytest.raises(InvalidToken):
        VERIFIER.verify(token)


def test_a_service_accepts_a_token_that_names_it_among_others() -> None:
    token = issue_token(KEY, role="ops", areas=["*"], audience=["t2t-groups", "t2t-referrals"])

    assert VERIFIER.verify(token).role == "ops"


def test_production_refuses_tokens_signed_with_a_dev_key() -> None:
    strict = TokenVerifier(
        LocalKeys(KEY), issuer="t2t", audience="t2t-referrals", refuse_dev_keys=True
    )
    with pytest.raises(InvalidToken, match="development key"):
        strict.verify(issue_token(KEY, role="admin", areas=["*"]))
    production_key = generate_signing_key(dev=False)
    trusting = TokenVerifier(
        LocalKeys(production_key), issuer="t2t", audience="t2t-referrals", refuse_dev_keys=True
    )
    assert trusting.verify(issue_token(production_key, role="admin", areas=["*"])).role == "admin"


def test_the_star_area_covers_every_area() -> None:
    ops = Principal(subject="o", role="ops", areas=("*",))

    assert ops.covers_area("leeds")
    assert ops.covers_area("north-east-cumbria")


def test_a_coordinator_covers_only_their_areas() -> None:
    coordinator = Principal(subject="c", role="coordinator", areas=("leeds", "york"))

    assert coordinator.covers_area("york")
    assert not coordinator.covers_area("bradford")
    assert not Principal(subject="n", role="coordinator", areas=()).covers_area("leeds")


def test_a_facilitator_token_carries_its_volunteer_id() -> None:
    token = issue_token(KEY, role="facilitator", areas=["leeds"], volunteer_id="vol-1")
    principal = VERIFIER.verify(token)
    assert principal.role == "facilitator"
    assert principal.volunteer_id == "vol-1"


def test_a_facilitator_token_without_a_volunteer_id_is_refused() -> None:
    token = issue_token(KEY, role="facilitator", areas=["leeds"])
    with pytest.raises(InvalidToken, match="volunteer_id"):
        VERIFIER.verify(token)
