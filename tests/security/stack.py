"""The five APIs in-process over the real PostgreSQL and broker, with one record per kind."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import Topics, ensure_topics, owned_topics
from tests.fixtures.services import Infra, auth, eventually, unique_prefix
from tests.security.calls import Target
from tests.security.principals import AREA, PRACTICE

SERVICES = ("referrals", "groups", "volunteers", "notifications", "ops")
ADMIN = auth("admin", ["*"])


class DecisionRecorder:
    """Keeps each request's state, where `require_roles` notes that it let the caller in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.state: dict[str, Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.state = {}
            scope = {**scope, "state": self.state}
        await self.app(scope, receive, send)


@dataclass
class Api:
    name: str
    app: FastAPI
    client: httpx.AsyncClient
    recorder: DecisionRecorder
    seeded: dict[str, tuple[str, Target]] = field(default_factory=dict)
    bodies: dict[tuple[str, str], Any] = field(default_factory=dict)


async def _app(name: str, infra: Infra, prefix: str, smtp: Any, home: Path) -> FastAPI:
    url = await infra.migrated_database(name)
    kwargs: dict[str, Any] = infra.settings_kwargs(url, prefix)
    if name == "referrals":
        from referrals.bootstrap import bootstrap as make_referrals
        from referrals.config import Settings as ReferralsSettings
        from referrals.entrypoints.app import create_app as referrals_app

        return referrals_app(make_referrals(ReferralsSettings(**kwargs)))
    if name == "groups":
        from groups.bootstrap import bootstrap as make_groups
        from groups.config import Settings as GroupsSettings
        from groups.entrypoints.app import create_app as groups_app

        return groups_app(make_groups(GroupsSettings(**kwargs, offer_sweep_interval_s=3600)))
    if name == "volunteers":
        from volunteers.bootstrap import bootstrap as make_volunteers
        from volunteers.config import Settings as VolunteersSettings
        from volunteers.entrypoints.app import create_app as volunteers_app

        return volunteers_app(make_volunteers(VolunteersSettings(**kwargs)))
    if name == "notifications":
        from notifications.bootstrap import bootstrap as make_notifications
        from notifications.config import Settings as NotificationsSettings
        from notifications.entrypoints.app import create_app as notifications_app

        settings = NotificationsSettings(
            **kwargs, smtp_host=smtp.host, smtp_port=smtp.port, sms_sink_path=home / "sms.jsonl"
        )
        return notifications_app(make_notifications(settings))
    from ops.bootstrap import bootstrap as make_ops
    from ops.config import Settings as OpsSettings
    from ops.entrypoints.app import create_app as ops_app

    return ops_app(make_ops(OpsSettings(**kwargs)))


@contextlib.asynccontextmanager
async def five_apis(infra: Infra, smtp: Any, home: Path) -> AsyncIterator[dict[str, Api]]:
    prefix = unique_prefix()
    specs = [
        spec
        for service in SERVICES
        for spec in owned_topics(
            Topics(prefix), service=service, partitions=2, publishes_contacts=True
        )
    ]
    await ensure_topics(KafkaConnection(infra.kafka_bootstrap), specs)
    async with contextlib.AsyncExitStack() as stack:
        apis: dict[str, Api] = {}
        for name in SERVICES:
            app = await _app(name, infra, prefix, smtp, home)
            await stack.enter_async_context(app.router.lifespan_context(app))
            recorder = DecisionRecorder(app)
            client = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=recorder), base_url=f"http://{name}"
                )
            )
            apis[name] = Api(name, app, client, recorder)
        await _seed(apis)
        yield apis


GP_REFERRAL: dict[str, Any] = {
    "source": "gp",
    "area": AREA,
    "referrer": {"ods_code": PRACTICE, "name": "Hyde Park Surgery", "email": "hp@nhs.net"},
    "person": {
        "given_name": "Matrix",
        "family_name": "Person",
        "nhs_number": "9434765919",
        "date_of_birth": "1961-04-12",
        "postcode": "LS6 2AB",
        "email": "matrix.person@example.org",
        "mobile": "07700 900123",
        "preferred_channel": "sms",
    },
    "consent": {"contact": True},
}
GROUP: dict[str, Any] = {
    "name": "Matrix Tuesdays",
    "area": AREA,
    "format": "in_person",
    "venue": {"name": "Centre", "address": "8 Bennett Road, Leeds", "postcode": "LS6 3HN"},
    "schedule": {
        "frequency": "monthly",
        "weekday": 1,
        "week_of_month": 2,
        "start_time": "18:30",
        "duration_minutes": 90,
    },
    "capacity": 2,
}
APPLICATION: dict[str, Any] = {
    "given_name": "Matrix",
    "family_name": "Volunteer",
    "email": "matrix.volunteer@example.org",
    "mobile": "07700 900124",
    "preferred_channel": "sms",
    "area": AREA,
    "lived_experience": True,
    "availability": [{"day": "tuesday", "part_of_day": "evening"}],
    "motivation": "A group helped me",
    "consent_to_contact": True,
}


SAMPLE_REGISTER = Path(__file__).parents[2] / "examples" / "practices" / "epraccur-sample.csv"


def _sample_register_line(ods_code: str) -> bytes:
    """The practice's line of the shipped sample register: referrals refuses unknown practices."""
    lines = SAMPLE_REGISTER.read_bytes().splitlines(keepends=True)
    [line] = [line for line in lines if line.startswith(f'"{ods_code}"'.encode())]
    return line


async def _seed(apis: dict[str, Api]) -> None:
    """One Leeds record of each kind a route is about, made through the APIs as admin."""
    referrals = apis["referrals"]
    registered = await referrals.client.post(
        "/practices/import",
        content=_sample_register_line(PRACTICE),
        headers={**ADMIN, "Content-Type": "text/csv"},
    )
    assert registered.status_code == 200, registered.text
    made = await referrals.client.post("/referrals", json=GP_REFERRAL, headers=ADMIN)
    assert made.status_code == 201, made.text
    referral = made.json()
    about_referral = Target(area=AREA, ods_code=PRACTICE)
    referrals.seeded = {
        "referral_id": (referral["id"], about_referral),
        "person_id": (referral["person_id"], Target(area=AREA)),
        # The practice the referral came from: a Leeds practice in the register.
        "ods_code": (PRACTICE, Target(area=AREA)),
    }
    referrals.bodies = {("POST", "/referrals"): GP_REFERRAL}

    groups = apis["groups"]
    group = await groups.client.post("/groups", json=GROUP, headers=ADMIN)
    assert group.status_code == 201, group.text
    group_id = group.json()["id"]
    about_group = Target(area=AREA, facilitated=True)
    groups.seeded = {"group_id": (group_id, about_group)}
    groups.bodies = {("POST", "/groups"): GROUP}

    volunteers = apis["volunteers"]
    applied = await volunteers.client.post("/applications", json=APPLICATION)
    assert applied.status_code == 201, applied.text
    volunteer_id = applied.json()["volunteer_id"]
    volunteers.seeded = {"volunteer_id": (volunteer_id, Target(area=AREA))}
    volunteers.bodies = {("POST", "/applications"): APPLICATION}

    # Another person for notifications' records: the referrals routes end by erasing the first.
    person = {"nhs_number": "9434765870", "given_name": "Kept", "date_of_birth": "1958-02-03"}
    other = {**GP_REFERRAL, "person": {**GP_REFERRAL["person"], **person}}
    kept = await referrals.client.post("/referrals", json=other, headers=ADMIN)
    assert kept.status_code == 201, kept.text
    notifications = apis["notifications"]

    async def sent_to_a_known_recipient() -> dict[str, Any] | None:
        """A notification about the referral whose recipient is in the directory already
        (the person's contact record, read from the contacts topic, may come later)."""
        listed = await notifications.client.get(
            "/notifications", params={"subject": kept.json()["id"]}, headers=ADMIN
        )
        for sent in listed.json() if listed.status_code == 200 else []:
            path = f"/recipients/{sent['recipient_id']}/preferences"
            if (await notifications.client.get(path, headers=ADMIN)).status_code == 200:
                return dict(sent)
        return None

    notification = await eventually(sent_to_a_known_recipient, within=60)
    assert notification["area"] == AREA
    notifications.seeded = {
        "notification_id": (notification["id"], Target(area=AREA)),
        "recipient_id": (notification["recipient_id"], Target(area=AREA)),
    }
