"""Bearer JWTs: a role and an area scope, anything else is an InvalidToken."""

from __future__ import annotations

import time

import jwt
import pytest

from t2t_shared.auth import InvalidToken, Principal, decode_token, issue_token

SECRET = "unit-test-secret-that-is-long-enough-for-hs256"


def raw_token(**claims: object) -> str:
    now = int(time.time())
    base: dict[str, object] = {
        "sub": "u-1",
        "role": "coordinator",
        "areas": ["leeds"],
        "iss": "t2t",
        "iat": now,
        "exp": now + 600,
    }
    base.update(claims)
    return jwt.encode({k: v for k, v in base.items() if v is not None}, SECRET, algorithm="HS256")


def test_issue_then_decode_gives_back_the_principal() -> None:
    token = issue_token(SECRET, role="coordinator", areas=["leeds", "york"], subject="c-17")

    assert decode_token(token, SECRET) == Principal(
        subject="c-17", role="coordinator", areas=("leeds", "york"), ods_code=None
    )


def test_a_referrer_token_carries_its_ods_code() -> None:
    token = issue_token(SECRET, role="referrer", areas=("leeds",), ods_code="B82005")

    principal = decode_token(token, SECRET)

    assert (principal.role, principal.ods_code, principal.subject) == ("referrer", "B82005", "dev")


def test_a_custom_issuer_round_trips() -> None:
    token = issue_token(SECRET, role="ops", areas=["*"], issuer="t2t-north-east")

    assert decode_token(token, SECRET, issuer="t2t-north-east").role == "ops"


@pytest.mark.parametrize(
    ("token", "secret", "issuer"),
    [
        pytest.param(
            issue_token(SECRET, role="admin", areas=["*"], ttl_s=-10), SECRET, "t2t", id="expired"
        ),
        pytest.param(
            issue_token(SECRET, role="admin", areas=["*"]),
            "another-secret-entirely-0123456789",
            "t2t",
            id="wrong-secret",
        ),
        pytest.param(
            issue_token(SECRET, role="admin", areas=["*"], issuer="elsewhere"),
            SECRET,
            "t2t",
            id="wrong-issuer",
        ),
        pytest.param(raw_token(role="superuser"), SECRET, "t2t", id="unknown-role"),
        pytest.param(raw_token(role=None), SECRET, "t2t", id="no-role"),
        pytest.param(raw_token(areas="leeds"), SECRET, "t2t", id="areas-a-string"),
        pytest.param(raw_token(areas={"leeds": True}), SECRET, "t2t", id="areas-a-dict"),
        pytest.param(raw_token(areas=["leeds", 7]), SECRET, "t2t", id="areas-not-strings"),
        pytest.param(raw_token(sub=None), SECRET, "t2t", id="no-subject"),
        pytest.param(raw_token(exp=None), SECRET, "t2t", id="no-expiry"),
        pytest.param("not-a-jwt", SECRET, "t2t", id="garbage"),
        pytest.param(
            jwt.encode(
                {
                    "sub": "x",
                    "role": "admin",
                    "areas": ["*"],
                    "iss": "t2t",
                    "exp": int(time.time()) + 600,
                },
                None,
                algorithm="none",
            ),
            SECRET,
            "t2t",
            id="unsigned",
        ),
    ],
)
def test_unusable_tokens_are_invalid(token: str, secret: str, issuer: str) -> None:
    with pytest.raises(InvalidToken):
        decode_token(token, secret, issuer=issuer)


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
    token = issue_token("s" * 32, role="facilitator", areas=["leeds"], volunteer_id="vol-1")
    principal = decode_token(token, "s" * 32)
    assert principal.role == "facilitator"
    assert principal.volunteer_id == "vol-1"


def test_a_facilitator_token_without_a_volunteer_id_is_refused() -> None:
    token = issue_token("s" * 32, role="facilitator", areas=["leeds"])
    with pytest.raises(InvalidToken, match="volunteer_id"):
        decode_token(token, "s" * 32)
