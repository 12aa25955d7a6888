"""The portal's HTTP app (uvicorn factory: `portal.entrypoints.app:create_app`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from portal.bootstrap import Container, bootstrap
from portal.entrypoints import home, staff
from portal.entrypoints.client_address import ClientAddressMiddleware
from portal.entrypoints.errors import install_page_errors
from portal.entrypoints.practice import refer as practice_refer
from portal.entrypoints.practice import referrals as practice_referrals
from portal.entrypoints.public import offer, self_referral, volunteer
from portal.entrypoints.rendering import Pages
from portal.entrypoints.signin_pages import PortalSignInPages
from t2t_shared.auth.platform import jwks_verifier
from t2t_shared.http.app import create_service_app
from t2t_shared.signin import install_signin

STATIC = Path(__file__).resolve().parent.parent / "static"

DESCRIPTION = """
The service's pages for people: the public (refer yourself, volunteer, answer a place
offer), GP practices, coordinators and facilitators. Server-rendered NHS.UK pages that call
the services' public HTTP APIs with the signed-in user's token; no data of its own.
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    settings = container.settings

    async def readiness() -> dict[str, bool]:
        apis = container.apis.all()
        answers = await asyncio.gather(*(api.healthy() for api in apis))
        return {api.name: ok for api, ok in zip(apis, answers, strict=True)}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await container.apis.close()

    app = create_service_app(
        title="Type 2 Together — portal",
        description=DESCRIPTION,
        version="0.1.0",
        auth=jwks_verifier(settings, settings.audience),
        readiness=readiness,
        lifespan=lifespan,
        production=settings.environment == "production",
        metrics_port=settings.metrics_port,
    )
    pages = Pages({"team_phone": settings.phone})
    app.state.container = container
    app.state.pages = pages
    install_page_errors(app, pages)
    install_signin(
        app,
        settings,
        PortalSignInPages(pages),
        oidc_client_kwargs=container.oidc_client_kwargs,
    )
    app.add_middleware(ClientAddressMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (
        home.router,
        self_referral.router,
        volunteer.router,
        offer.router,
        practice_refer.router,
        practice_referrals.router,
        *staff.routers,
    ):
        app.include_router(router)
    return app
