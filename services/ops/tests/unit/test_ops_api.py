"""The console's JSON API over ASGI, with the read models fed directly and a fake broker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.container import Container
from ops.entrypoints.app import create_app
from ops.service_layer.projections import MemoryProjections
from services.ops.tests.synthetic import Catalogue
from tests.fixtures.services import auth

from .support import NOW, FakeAudit, FakePublisher, dead_letter, observe

OPS = auth("ops", ["*"])


@pytest.fixture
async def container() -> Container:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", kafka_bootstrap="127.0.0.1:1"
    )
    container = bootstrap(settings, projections=MemoryProjections())
    container.console.audit = FakeAudit()
    container.console.publisher = FakePublisher()
    catalogue = Catalogue()
    records = (
        catalogue.referral(area="leeds", reach="joined")
        + catalogue.referral(area="york", source="self", reach="contacted")
        + catalogue.group(area="leeds", capacity=10, members=4)
        + catalogue.volunteer(area="leeds", reach="trained", left="moved")
        + [catalogue.notification(area="leeds", channel="sms", failed="no_address")]
    )
    await container.console.on_events(observe(records), {}, live=True)
    for offset in range(2):
        container.console.on_dead_letter(dead_letter(offset=offset), live=True)
    container.console.on_dead_letter(
        dead_letter(
            offset=5,
            original_topic="t2t.referrals.contacts",
            error="KeyError: 'x'",
            value=b'{"email": "chidi@example.org"}',
        ),
        live=True,
    )
    return container


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(create_app(container))
    async with httpx.AsyncClient(transport=transport, base_url="http://ops") as client:
        yield client


async def test_the_api_needs_an_ops_or_admin_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/feed")).status_code == 401
    forbidden = await client.get("/api/feed", headers=auth("coordinator", ["leeds"]))
    assert forbidden.status_code == 403
    assert "needs one of: ops, admin" in forbidden.json()["detail"]
    assert (await client.get("/api/feed", headers=auth("admin", ["*"]))).status_code == 200


async def test_the_page_and_its_files_are_served_without_a_build(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200
    assert '<script src="/static/console.js"' in page.text
    script = await client.get("/static/console.js")
    assert script.status_code == 200
    assert "sessionStorage" in script.text
    assert "http://" not in page.text
    assert "https://" not in page.text


async def test_feed_filters_and_shows_only_ids(client: httpx.AsyncClient) -> None:
    feed = (await client.get("/api/feed?service=referrals&area=york", headers=OPS)).json()
    assert [i["name"] for i in feed["items"]] == [
        "ReferralReceived",
        "ReferralAccepted",
        "ReferralContacted",
    ]
    assert set(feed["items"][0]) == {
        "seq",
        "id",
        "time",
        "service",
        "type",
        "name",
        "area",
        "subject",
    }
    newer = await client.get(f"/api/feed?after={feed['last_seq']}", headers=OPS)
    assert newer.json()["items"] == []


async def test_bad_filters_answer_422_naming_the_field(client: httpx.AsyncClient) -> None:
    cases = {
        "/api/feed?area=narnia": "area",
        "/api/feed?service=billing": "service",
        "/api/funnel?since=yesterdayish": "since",
        "/api/feed?limit=0": "limit",
    }
    for url, field in cases.items():
        response = await client.get(url, headers=OPS)
        assert response.status_code == 422, url
        assert response.json()["errors"][0]["field"] == field


async def test_funnel_capacity_volunteers_and_notifications(client: httpx.AsyncClient) -> None:
    funnel = (await client.get("/api/funnel?since=30d", headers=OPS)).json()
    total = {c["stage"]: c["count"] for c in funnel["rows"][0]["stages"]}
    assert (total["received"], total["contacted"], total["joined"]) == (2, 2, 1)
    assert funnel["first_contact"]["contacted"] == 2
    leeds = (await client.get("/api/funnel?area=leeds", headers=OPS)).json()
    assert [r["source"] for r in leeds["rows"]] == ["all", "gp"]
    capacity = (await client.get("/api/capacity", headers=OPS)).json()
    assert capacity == [
        {
            "area": "leeds",
            "groups_planned": 0,
            "groups_open": 1,
            "groups_full": 0,
            "free_places": 6,
            "waiting": 0,
        }
    ]
    volunteers = (await client.get("/api/volunteers", headers=OPS)).json()
    assert volunteers["stages"]["trained"] == 1
    assert volunteers["leavers"] == {"moved": 1}
    (sms,) = (await client.get("/api/notifications", headers=OPS)).json()
    assert (sms["channel"], sms["failed"]) == ("sms", 1)


async def test_dlq_is_grouped_and_masked(client: httpx.AsyncClient) -> None:
    dlq = (await client.get("/api/dlq", headers=OPS)).json()
    assert sorted(g["count"] for g in dlq["groups"]) == [1, 2]
    assert all(m["value"] == "•••• masked" for m in dlq["messages"])
    contact_id = "t2t.notifications.dlq:0:5"
    shown = await client.get(f"/api/dlq/messages/{contact_id}?reveal=true", headers=OPS)
    assert shown.json()["restricted"] is True
    assert "chidi" not in shown.text
    public = await client.get(
        "/api/dlq/messages/t2t.notifications.dlq:0:0?reveal=true", headers=OPS
    )
    assert "leeds" in public.json()["value"]
    assert (await client.get("/api/dlq/messages/nope", headers=OPS)).status_code == 404


async def test_redrive_is_a_dry_run_unless_asked_and_is_audited(
    client: httpx.AsyncClient, container: Container
) -> None:
    publisher = container.console.publisher
    assert isinstance(publisher, FakePublisher)
    ids = ["t2t.notifications.dlq:0:0"]
    dry = await client.post("/api/dlq/redrive", json={"ids": ids}, headers=OPS)
    assert dry.status_code == 200
    assert dry.json()["dry_run"] is True
    assert publisher.sent == []
    real = await client.post(
        "/api/dlq/redrive",
        json={"ids": ids, "dry_run": False},
        headers=auth(
            "admin",
            ["*"],
        ),
    )
    assert real.json()["entries"][0]["target_topic"] == "t2t.referrals.events"
    assert [t for t, *_ in publisher.sent] == ["t2t.referrals.events"]
    again = await client.post("/api/dlq/redrive", json={"ids": ids, "dry_run": False}, headers=OPS)
    assert again.status_code == 404
    audit = (await client.get("/api/dlq/audit", headers=OPS)).json()
    assert [(a["dry_run"], a["role"]) for a in audit] == [(False, "admin"), (True, "ops")]
    unknown = await client.post("/api/dlq/redrive", json={"idz": ids}, headers=OPS)
    assert unknown.status_code == 422
    assert (
        await client.post("/api/dlq/redrive", json={"ids": ids}, headers=auth("coordinator"))
    ).status_code == 403


async def test_status_shows_paused_providers_and_failures_to_follow_up(
    container: Container, client: httpx.AsyncClient
) -> None:
    before = (await client.get("/api/status", headers=OPS)).json()
    assert (before["providers"], before["sending_paused"]) == ([], [])
    assert before["follow_up"] == {"contact_details_missing": 0, "outcome_unknown": 0}

    catalogue = Catalogue()
    records = [
        catalogue.provider_paused("smtp", channel="email", reason="authentication", at=NOW),
        catalogue.provider_paused("govuk-notify", channel="sms", at=NOW),
        catalogue.provider_resumed("govuk-notify", channel="sms", at=NOW + timedelta(minutes=3)),
        catalogue.notification(area="leeds", failed="contact_details_missing"),
        catalogue.notification(area="leeds", channel="sms", failed="outcome_unknown"),
    ]
    await container.console.on_events(observe(records), {}, live=True)

    status = (await client.get("/api/status", headers=OPS)).json()
    assert status["sending_paused"] == ["smtp"]
    smtp, notify = status["providers"]
    assert smtp == {
        "provider": "smtp",
        "channel": "email",
        "status": "paused",
        "since": "2026-11-26T09:30:00Z",
        "reason": "authentication",
        "retry_at": "2026-11-26T09:35:00Z",
        "paused_for_s": None,
        "pauses": 1,
    }
    assert (notify["provider"], notify["status"], notify["reason"]) == (
        "govuk-notify",
        "sending",
        None,
    )
    assert notify["paused_for_s"] == 900.0
    assert status["follow_up"] == {"contact_details_missing": 1, "outcome_unknown": 1}


async def test_the_document_says_which_filters_the_api_takes(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    feed = {p["name"]: p for p in spec["paths"]["/api/feed"]["get"]["parameters"]}
    funnel = {p["name"]: p for p in spec["paths"]["/api/funnel"]["get"]["parameters"]}

    since = next(o for o in funnel["since"]["schema"]["anyOf"] if o.get("type") == "string")
    assert "referrals" in feed["service"]["schema"]["enum"]
    assert "pattern" in since
