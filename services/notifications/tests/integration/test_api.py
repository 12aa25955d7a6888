"""The HTTP API on the real database (no consumers): templates, preferences, receipts, ops."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from notifications.bootstrap import Container
from notifications.domain.model import Status
from notifications.entrypoints.app import create_app
from tests.fixtures.services import Infra, auth

from .stored import Clock, fetch, pending, person, published, store, stored_container

pytestmark = pytest.mark.integration
OPS = auth("ops", ["*"])
LEEDS = auth("coordinator", ["leeds"])
YORK = auth("coordinator", ["york"])
TOKEN = "notify-callback-token-for-tests"
RECEIPT = {"Authorization": f"Bearer {TOKEN}"}


@dataclass
class Api:
    container: Container
    client: httpx.AsyncClient
    clock: Clock


@pytest.fixture(scope="module")
async def api(infra: Infra) -> AsyncIterator[Api]:
    clock = Clock()
    async with stored_container(infra, clock=clock, notify_callback_token=TOKEN) as container:
        transport = httpx.ASGITransport(app=create_app(container))
        async with httpx.AsyncClient(transport=transport, base_url="http://n") as client:
            yield Api(container, client, clock)


# --- templates ------------------------------------------------------------------------


async def test_templates_are_listed_with_their_channels(api: Api) -> None:
    response = await api.client.get("/templates", headers=LEEDS)
    assert response.status_code == 200
    by_name = {t["name"]: t for t in response.json()}
    assert by_name["session_reminder"] == {
        "name": "session_reminder",
        "email_versions": [1],
        "sms_versions": [1],
    }
    assert by_name["group_created_coordinators"]["sms_versions"] == []


async def test_preview_renders_the_sample_with_sms_segments(api: Api) -> None:
    response = await api.client.get("/templates/place_offered/preview", headers=LEEDS)
    assert response.status_code == 200
    body = response.json()
    assert "Headingley Tuesday group" in body["email"]["subject"]
    assert "Do you want this place?" in body["email"]["text"]
    assert body["email"]["html"].startswith("<!DOCTYPE html>")
    assert body["sms"]["encoding"] == "GSM-7"
    assert body["sms"]["segments"] == (1 if body["sms"]["characters"] <= 160 else 2)
    assert body["sample"]["given_name"] == "Sam"


@pytest.mark.parametrize("name", ["no_such_template", "bad.name", "Place_Offered"])
async def test_preview_of_an_unknown_template_is_404(api: Api, name: str) -> None:
    response = await api.client.get(f"/templates/{name}/preview", headers=LEEDS)
    assert response.status_code == 404
    assert "No template" in response.json()["detail"]


async def test_templates_need_a_token(api: Api) -> None:
    assert (await api.client.get("/templates")).status_code == 401


# --- preferences ----------------------------------------------------------------------


async def test_preferences_default_then_set_then_read_back(api: Api) -> None:
    sam = person()
    await store(api.container, [sam])
    url = f"/recipients/{sam.id}/preferences"
    first = await api.client.get(url, headers=LEEDS)
    assert first.json() == {
        "recipient_id": str(sam.id),
        "recipient_kind": "person",
        "channel": None,
        "service": True,
        "reminders": True,
    }
    wanted = {"channel": "sms", "service": True, "reminders": False}
    assert (await api.client.put(url, json=wanted, headers=LEEDS)).status_code == 200
    assert (await api.client.get(url, headers=OPS)).json() | wanted == (
        await api.client.get(url, headers=OPS)
    ).json()
    assert (await api.client.get(url, headers=OPS)).json()["reminders"] is False


async def test_unknown_recipient_is_404(api: Api) -> None:
    url = f"/recipients/{uuid.uuid4()}/preferences"
    assert (await api.client.get(url, headers=OPS)).status_code == 404
    body = {"channel": None, "service": True, "reminders": True}
    assert (await api.client.put(url, json=body, headers=OPS)).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channel": "pigeon", "service": True, "reminders": True}, "channel"),
        ({"channel": None, "service": "sometimes", "reminders": True}, "service"),
        ({"channel": None, "service": True}, "reminders"),
        ({"channel": None, "service": True, "reminders": True, "marketing": True}, "marketing"),
    ],
)
async def test_bad_preferences_are_422_naming_the_field(
    api: Api, body: dict[str, Any], field: str
) -> None:
    sam = person()
    await store(api.container, [sam])
    response = await api.client.put(f"/recipients/{sam.id}/preferences", json=body, headers=OPS)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_coordinators_only_reach_recipients_of_their_areas(api: Api) -> None:
    sam = person(area="leeds")
    await store(api.container, [sam])
    response = await api.client.get(f"/recipients/{sam.id}/preferences", headers=YORK)
    assert response.status_code == 403
    referrer = auth("referrer", ["leeds"], ods_code="B82005")
    response = await api.client.get(f"/recipients/{sam.id}/preferences", headers=referrer)
    assert response.status_code == 403


# --- delivery receipts ----------------------------------------------------------------


async def _sent(api: Api) -> uuid.UUID:
    sam = person()
    note = pending(sam, api.clock(), status=Status.SENT, channel=None)
    await store(api.container, [sam], note)
    return note.id


def receipt(reference: uuid.UUID, status: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "reference": str(reference),
        "to": "+447700900123",
        "status": status,
        "created_at": "2026-11-26T12:00:00.000000Z",
        "completed_at": "2026-11-26T12:00:04.000000Z",
        "sent_at": "2026-11-26T12:00:01.000000Z",
        "notification_type": "sms",
        "template_id": str(uuid.uuid4()),
        "template_version": 1,
    }


async def test_a_delivery_receipt_publishes_delivered_once(api: Api) -> None:
    note_id = await _sent(api)
    before = len(await published(api.container))
    for _ in range(2):  # Notify may call back twice
        response = await api.client.post(
            "/callbacks/notify", json=receipt(note_id, "delivered"), headers=RECEIPT
        )
        assert response.status_code == 200
    delivered, attempts = await fetch(api.container, note_id)
    assert delivered.status is Status.DELIVERED
    assert delivered.delivered_at is not None
    events = (await published(api.container))[before:]
    assert [t for t, _ in events] == ["t2t.notifications.NotificationDelivered.v1"]
    assert events[0][1]["notification_id"] == str(note_id)
    assert b"+447700900123" not in str(events).encode()
    assert [a["outcome"] for a in attempts] == ["receipt: delivered"]


async def test_a_permanent_failure_receipt_publishes_failed(api: Api) -> None:
    note_id = await _sent(api)
    before = len(await published(api.container))
    response = await api.client.post(
        "/callbacks/notify", json=receipt(note_id, "permanent-failure"), headers=RECEIPT
    )
    assert response.json() == {"outcome": "failed"}
    [(ce_type, data)] = (await published(api.container))[before:]
    assert ce_type == "t2t.notifications.NotificationFailed.v1"
    assert (data["reason"], data["scope"]) == ("undeliverable", "recipient")


async def test_a_temporary_failure_receipt_gives_up_without_a_second_send(api: Api) -> None:
    note_id = await _sent(api)
    before = len(await published(api.container))
    response = await api.client.post(
        "/callbacks/notify", json=receipt(note_id, "temporary-failure"), headers=RECEIPT
    )
    assert response.json() == {"outcome": "failed"}
    given_up, _ = await fetch(api.container, note_id)
    assert given_up.status is Status.FAILED  # never pending again: one accept per message
    [(_, data)] = (await published(api.container))[before:]
    # Notify tried for days: not a permanent failure of the person, so not counted.
    assert (data["reason"], data["scope"]) == ("retries_exhausted", "platform")


async def test_a_stale_receipt_never_moves_a_delivered_message_back(api: Api) -> None:
    note_id = await _sent(api)
    await api.client.post("/callbacks/notify", json=receipt(note_id, "delivered"), headers=RECEIPT)
    before = len(await published(api.container))
    for stale in ("sending", "pending", "temporary-failure", "permanent-failure"):
        response = await api.client.post(
            "/callbacks/notify", json=receipt(note_id, stale), headers=RECEIPT
        )
        assert (response.status_code, response.json()) == (200, {"outcome": "ignored"})
    assert (await fetch(api.container, note_id))[0].status is Status.DELIVERED
    assert (await published(api.container))[before:] == []


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), (RECEIPT, 404)],
)
async def test_receipts_need_the_token_and_a_known_reference(
    api: Api, headers: dict[str, str], status: int
) -> None:
    response = await api.client.post(
        "/callbacks/notify", json=receipt(uuid.uuid4(), "delivered"), headers=headers
    )
    assert response.status_code == status


async def test_a_receipt_before_the_send_is_recorded_asks_to_be_sent_again(api: Api) -> None:
    sam = person()
    note = pending(sam, api.clock(), status=Status.SENDING)
    await store(api.container, [sam], note)
    response = await api.client.post(
        "/callbacks/notify", json=receipt(note.id, "delivered"), headers=RECEIPT
    )
    assert response.status_code == 409
    assert (await fetch(api.container, note.id))[0].status is Status.SENDING


async def test_a_receipt_we_cannot_read_is_422(api: Api) -> None:
    body = receipt(uuid.uuid4(), "lost-in-the-post")
    response = await api.client.post("/callbacks/notify", json=body, headers=RECEIPT)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"


# --- operations -----------------------------------------------------------------------


async def test_notifications_filter_one_by_id_and_stats(api: Api) -> None:
    sam = person()
    subject = str(uuid.uuid4())
    email = pending(sam, api.clock(), subject_id=subject)
    later = pending(
        sam,
        api.clock() + timedelta(hours=1),
        subject_id=subject,
        template="session_reminder",
        status=Status.CANCELLED,
    )
    await store(api.container, [sam], email, later)

    def listed(**query: str) -> Any:
        return api.client.get("/notifications", params={"subject": subject, **query}, headers=OPS)

    assert {n["id"] for n in (await listed()).json()} == {str(email.id), str(later.id)}
    assert [n["id"] for n in (await listed(status="cancelled")).json()] == [str(later.id)]
    assert [n["id"] for n in (await listed(template="member_waitlisted")).json()] == [str(email.id)]
    since = (api.clock() + timedelta(minutes=30)).isoformat()
    assert [n["id"] for n in (await listed(since=since)).json()] == [str(later.id)]
    assert (await listed(status="lost")).status_code == 422
    assert (await listed(channel="fax")).status_code == 422

    one = await api.client.get(f"/notifications/{email.id}", headers=OPS)
    assert one.status_code == 200
    assert one.json()["attempts"] == []
    missing = await api.client.get(f"/notifications/{uuid.uuid4()}", headers=OPS)
    assert missing.status_code == 404

    stats = (await api.client.get("/notifications/stats", headers=OPS)).json()
    assert stats["by_status"]["cancelled"] >= 1
    assert sum(stats["by_status"].values()) == sum(r["count"] for r in stats["rows"])
    assert sum(stats["by_channel"].values()) == sum(stats["by_status"].values())


async def test_the_ops_api_is_for_ops(api: Api) -> None:
    missing_subject = await api.client.get("/notifications", headers=LEEDS)
    assert missing_subject.status_code == 422
    assert missing_subject.json()["errors"][0]["field"] == "subject_id"
    assert (await api.client.get("/notifications/stats", headers=LEEDS)).status_code == 403
    one = await api.client.get(f"/notifications/{uuid.uuid4()}", headers=LEEDS)
    assert one.status_code == 403


async def test_a_coordinator_sees_a_subjects_messages_in_their_areas_without_content(
    api: Api,
) -> None:
    subject = str(uuid.uuid4())
    sam = person()
    note = pending(sam, api.clock(), subject_id=subject)
    await store(api.container, [sam], note)

    def listed(headers: dict[str, str]) -> Any:
        return api.client.get("/notifications", params={"subject_id": subject}, headers=headers)

    [seen] = (await listed(LEEDS)).json()
    assert seen["id"] == str(note.id)
    assert (seen["template"], seen["status"], seen["area"]) == (
        "member_waitlisted",
        "pending",
        "leeds",
    )
    assert {"channel", "created_at", "due_at", "sent_at", "delivered_at"} <= set(seen)
    assert not {"data", "body", "email", "mobile", "to"} & set(seen)
    assert "Sam" not in str(seen)
    assert (await listed(YORK)).json() == []


async def test_every_route_is_documented(api: Api) -> None:
    spec = (await api.client.get("/openapi.json")).json()
    ours = {p: ops for p, ops in spec["paths"].items() if not p.endswith(("z", "metrics"))}
    assert len(ours) == 7
    for path, operations in ours.items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
    receipt_schema = spec["components"]["schemas"]["NotifyReceipt"]
    assert receipt_schema["examples"]
