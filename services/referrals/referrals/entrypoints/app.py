"""The referrals HTTP app (uvicorn factory: `referrals.entrypoints.app:create_app`)."""

from __future__ import annotations

from fastapi import FastAPI

from referrals.bootstrap import Container, bootstrap
from referrals.entrypoints import (
    outreach_api,
    people_api,
    practice_api,
    referrals_api,
    referrers_api,
    register_api,
    self_referrals_api,
    triage_api,
    worklist_api,
)
from t2t_shared.http.service import service_app

DESCRIPTION = """
Referrals are the front door of Type 2 Together. GP practices, health professionals,
community organisations and people themselves refer; every referral is captured,
acknowledged and followed up.

Authenticate with a bearer JWT (`t2t token --role referrer --area leeds --ods-code B82005`
in development). A referrer token refers only from its own ODS code and areas.

The journey: **received** → **accepted** (or **rejected**, triage) → **contacted** (first
successful contact attempt) → **placed** → **joined** → **attended** (groups' events), or
**closed** with a coded outcome on the way (automatically `unreachable` after repeated
failed attempts). A step the current status does not allow answers 409 with
`current_status`.
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    app = service_app(
        title="Type 2 Together — referrals",
        description=DESCRIPTION,
        version="1.0.0",
        runtime=container.runtime,
        container=container,
        public_forms=[r"/self-referrals"],
    )
    for api in (
        referrals_api,
        self_referrals_api,
        worklist_api,
        referrers_api,
        triage_api,
        people_api,
        practice_api,
        register_api,
        outreach_api,
    ):
        app.include_router(api.router)
    return app
