"""OpenID Connect sign-in: authorization code with PKCE (S256) through Authlib."""

from __future__ import annotations

import warnings
from typing import Any

import authlib.deprecate  # noqa: F401  (its import adds an "always" filter; ours must follow)
from fastapi import Request, Response

from t2t_shared.signin.claims import Claims, from_provider
from t2t_shared.signin.settings import SignInSettings

with warnings.catch_warnings():
    # Authlib nudges towards its httpx2 fork; plain httpx is what the platform ships.
    warnings.simplefilter("ignore")
    from authlib.integrations.starlette_client import OAuth


class OidcSignIn:
    """One provider, discovered from its metadata URL; state and verifier live in the session."""

    def __init__(self, oauth: OAuth) -> None:
        self._oauth = oauth

    @classmethod
    def configured(
        cls, settings: SignInSettings, client_kwargs: dict[str, Any] | None = None
    ) -> OidcSignIn | None:
        """None when no provider is configured. `client_kwargs` reach httpx (tests pass a
        transport so the provider answers in-process)."""
        if not settings.oidc_metadata_url:
            return None
        oauth = OAuth()
        oauth.register(
            "provider",
            server_metadata_url=settings.oidc_metadata_url,
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret.get_secret_value() or None,
            code_challenge_method="S256",
            client_kwargs={"scope": settings.oidc_scope, **(client_kwargs or {})},
        )
        return cls(oauth)

    async def redirect(self, request: Request, callback: str) -> Response:
        client = self._oauth.create_client("provider")
        return await client.authorize_redirect(request, callback)  # type: ignore[no-any-return]

    async def claims(self, request: Request, settings: SignInSettings) -> Claims:
        """Exchange the code (with the PKCE verifier), verify the ID token, read the claims."""
        client = self._oauth.create_client("provider")
        token = await client.authorize_access_token(request)
        userinfo = dict(token.get("userinfo") or {})
        names = {
            "role": settings.oidc_claim_role,
            "areas": settings.oidc_claim_areas,
            "ods_code": settings.oidc_claim_ods_code,
            "volunteer_id": settings.oidc_claim_volunteer_id,
        }
        return from_provider(userinfo, names, settings.areas)
