"""The sign-in routes: `/sign-in` (dev form and/or the provider button), the OIDC callback,
and `/sign-out`. Pages are drawn by the app that installs them (NHS.UK for the portal)."""

from __future__ import annotations

import logging
import secrets
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.middleware.sessions import SessionMiddleware

from t2t_shared.auth import PLATFORM_AUDIENCES, LocalKeys, SigningKey, TokenVerifier
from t2t_shared.auth.platform import platform_signing_key
from t2t_shared.signin.claims import ClaimProblems, checked_claims
from t2t_shared.signin.csrf import verify_csrf
from t2t_shared.signin.guard import current_principal, end_session, start_session
from t2t_shared.signin.oidc import OidcSignIn
from t2t_shared.signin.pages import SignInForm, SignInPages
from t2t_shared.signin.settings import SignInSettings

log = logging.getLogger(__name__)

SESSION_COOKIE = "t2t_session"
NEXT_KEY = "next"


def safe_next(value: object, default: str = "/") -> str:
    """Only a path on this site: never `//host` or `https://…` (an open redirect)."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return default


def install_signin(
    app: FastAPI,
    settings: SignInSettings,
    pages: SignInPages,
    *,
    home: str = "/",
    oidc_client_kwargs: dict[str, Any] | None = None,
    expose_token: bool = False,
) -> None:
    """Session cookie, CSRF-checked forms and the sign-in routes on `app`, drawn by `pages`.

    `expose_token` adds `GET /session/token` for a page whose script calls a JSON API with
    a bearer token (the ops console): same-origin only, as no CORS header is ever sent.
    """
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret.get_secret_value(),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age_s,
        same_site="lax",  # lax, not strict: the provider's redirect back must carry it
        https_only=settings.secure_cookies,
    )
    key = platform_signing_key(settings)
    app.state.signin_verifier = TokenVerifier(
        LocalKeys(key), issuer=settings.jwt_issuer, audience=PLATFORM_AUDIENCES
    )
    oidc = OidcSignIn.configured(settings, oidc_client_kwargs)
    app.include_router(_router(settings, pages, oidc, key, home))
    app.include_router(_jwks_router(key))
    if expose_token:
        app.include_router(_token_router())


def _jwks_router(key: SigningKey) -> APIRouter:
    """The public half of the platform key, for services whose T2T_JWKS_URL points here."""
    router = APIRouter(include_in_schema=False)

    @router.get("/.well-known/jwks.json")
    async def jwks() -> Response:
        return JSONResponse(key.jwks(), headers={"Cache-Control": "public, max-age=300"})

    return router


def _token_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/session/token")
    async def session_token(request: Request) -> Response:
        user = current_principal(request)
        if user is None:
            return JSONResponse({"detail": "Not signed in"}, status_code=401)
        return JSONResponse(
            {"token": user.token, "role": user.principal.role, "name": user.name},
            headers={"Cache-Control": "no-store"},
        )

    return router


def _router(
    settings: SignInSettings,
    pages: SignInPages,
    oidc: OidcSignIn | None,
    key: SigningKey,
    home: str,
) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    dev_allowed = settings.dev_signin_allowed
    sign_in_form = partial(
        SignInForm,
        dev_allowed=dev_allowed,
        oidc_enabled=oidc is not None,
        areas=tuple(settings.areas),
    )

    @router.get("/sign-in")
    async def sign_in_page(request: Request, next: str = home) -> Response:
        return pages.sign_in(request, sign_in_form(safe_next(next, home)))

    @router.post("/sign-in/dev", dependencies=[Depends(verify_csrf)])
    async def dev_sign_in(request: Request) -> Response:
        if not dev_allowed:
            return pages.failed(request, "Development sign-in is switched off here.", 403)
        form = await request.form()
        values: dict[str, Any] = {
            k: form.get(k) for k in ("role", "ods_code", "volunteer_id", "name")
        }
        values["areas"] = form.getlist("areas")
        next_path = safe_next(form.get(NEXT_KEY), home)
        try:
            claims = checked_claims(
                subject=f"dev-{secrets.token_hex(4)}",
                name=str(values["name"] or "").strip(),
                role=values["role"],
                areas=values["areas"],
                ods_code=values["ods_code"],
                volunteer_id=values["volunteer_id"],
                known_areas=settings.areas,
            )
        except ClaimProblems as exc:
            return pages.sign_in(
                request,
                sign_in_form(next_path, errors=exc.problems, values=values, status_code=422),
            )
        token = claims.token(key, settings.jwt_issuer, settings.platform_token_ttl_s)
        start_session(request, token, claims.name)
        return RedirectResponse(next_path, status_code=303)

    if oidc is not None:
        provider = oidc

        @router.get("/sign-in/oidc")
        async def oidc_start(request: Request, next: str = home) -> Response:
            request.session[NEXT_KEY] = safe_next(next, home)
            return await provider.redirect(request, str(request.url_for("oidc_callback")))

        @router.get("/sign-in/callback", name="oidc_callback")
        async def oidc_callback(request: Request) -> Response:
            next_path = safe_next(request.session.get(NEXT_KEY), home)
            try:
                claims = await provider.claims(request, settings)
            except ClaimProblems as exc:
                log.warning("sign-in refused: claims", extra={"fields": sorted(exc.problems)})
                return pages.failed(
                    request,
                    "Your account is not set up for this service yet (no role or areas). "
                    "Ask your administrator to give you access.",
                    403,
                )
            except Exception as exc:
                log.warning("sign-in failed", extra={"error": type(exc).__name__})
                return pages.failed(request, "Sign-in did not complete. Try again.", 400)
            token = claims.token(key, settings.jwt_issuer, settings.platform_token_ttl_s)
            start_session(request, token, claims.name)
            return RedirectResponse(next_path, status_code=303)

    @router.get("/sign-out")
    async def sign_out_page(request: Request) -> Response:
        return pages.sign_out(request)

    @router.post("/sign-out", dependencies=[Depends(verify_csrf)])
    async def sign_out(request: Request) -> Response:
        end_session(request)
        return RedirectResponse(home, status_code=303)

    return router
