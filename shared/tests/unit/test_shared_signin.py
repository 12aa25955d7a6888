"""What a provider's claims must hold before the platform mints a token from them, and where
sign-in may send the browser afterwards."""

from __future__ import annotations

import pytest

from t2t_shared.auth import PLATFORM_AUDIENCES, LocalKeys, TokenVerifier, generate_signing_key
from t2t_shared.signin.claims import ClaimProblems, from_provider
from t2t_shared.signin.routes import safe_next

NAMES = {"role": "roles", "areas": "groups", "ods_code": "ods", "volunteer_id": "vid"}
KNOWN = ("leeds", "york")


def test_claims_under_configured_names_become_a_platform_token() -> None:
    claims = from_provider(
        {
            "sub": "f-9",
            "email": "f@example.org",
            "roles": "facilitator",
            "groups": "leeds, york",
            "vid": "v-42",
        },
        NAMES,
        KNOWN,
    )
    key = generate_signing_key()
    verifier = TokenVerifier(LocalKeys(key), issuer="t2t", audience=PLATFORM_AUDIENCES)
    principal = verifier.verify(claims.token(key, "t2t", 60))
    assert (principal.role, principal.areas, principal.volunteer_id) == (
        "facilitator",
        ("leeds", "york"),
        "v-42",
    )
    assert claims.name == "f@example.org"


@pytest.mark.parametrize(
    ("claims", "field"),
    [
        ({"roles": "superuser", "groups": ["leeds"]}, "role"),
        ({"roles": "coordinator"}, "areas"),
        ({"roles": "coordinator", "groups": ["atlantis"]}, "areas"),
        ({"roles": "referrer", "groups": ["leeds"]}, "ods_code"),
        ({"roles": "facilitator", "groups": ["leeds"]}, "volunteer_id"),
    ],
)
def test_claims_the_services_would_refuse_are_refused_here(
    claims: dict[str, object], field: str
) -> None:
    with pytest.raises(ClaimProblems) as refused:
        from_provider({"sub": "x", **claims}, NAMES, KNOWN)
    assert field in refused.value.problems


@pytest.mark.parametrize(
    ("asked", "sent"),
    [
        ("/practice/referrals?page=2", "/practice/referrals?page=2"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        (None, "/"),
    ],
)
def test_sign_in_only_returns_to_a_page_of_this_site(asked: object, sent: str) -> None:
    assert safe_next(asked) == sent
