"""Referrals against the register, receipt emails, the outreach log and SNOMED CT codes,
over the real database and broker."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest

from tests.fixtures.services import Infra, auth

from .db_support import sample_lines
from .register_support import Service, running_service

pytestmark = pytest.mark.integration

ADMIN, OPS = auth("admin", ["*"]), auth("ops", ["*"])
LEEDS, BRADFORD = auth("coordinator", ["leeds"]), auth("coordinator", ["bradford"])
GP = auth("referrer", ["leeds"], ods_code="B82005")
REFERRED, DECLINED = "871731000000106", "871711000000103"


@pytest.fixture(scope="module")
async def service(infra: Infra) -> AsyncIterator[Service]:
    async with running_service(infra) as s:
        codes = sample_lines("B82005", "B86001", "B86090", "C84001", "P84001")
        assert (await s.client.post("/practices/import", content=codes, headers=ADMIN)).is_success
        yield s


def referral(n: object, ods_code: str = "B82005", **referrer: Any) -> dict[str, Any]:
    return {
        "source": "gp",
        "area": "leeds",
        "referrer": {"ods_code": ods_code, **referrer},
        "person": {
            "given_name": f"Rule{n}",
            "family_name": "Example",
            "date_of_birth": "1959-09-09",
            "postcode": "LS6 2AB",
            "email": f"rule{n}@example.org",
        },
        "consent": {"contact": True},
    }


@pytest.mark.parametrize(
    ("ods_code", "reason"),
    [("Z99999", "not a GP practice in the practice register"), ("B86090", "closed")],
)
async def test_an_unknown_or_closed_practice_is_refused(
    service: Service, ods_code: str, reason: str
) -> None:
    answer = await service.client.post("/referrals", json=referral(1, ods_code), headers=LEEDS)
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["field"] == "referrer.ods_code"
    assert reason in error["reason"]


async def test_the_name_comes_from_the_register_and_the_email_is_ignored(service: Service) -> None:
    body = referral(2, name="Made Up Name", email="someone@else.example")
    made = await service.client.post("/referrals", json=body, headers=GP)
    assert made.status_code == 201, made.text
    assert made.json()["referrer"]["name"] == "HYDE PARK SURGERY"
    email = await service.client.get("/practices/B82005/receipt-email", headers=ADMIN)
    assert email.json() == {"ods_code": "B82005", "email": None}
    events = await service.events(made.json()["id"], at_least=2)
    assert sorted((e["ce_type"], e["snomed_code"]) for e in events) == [
        ("t2t.referrals.ReferralReceived.v1", REFERRED),
        ("t2t.referrals.ReferralReceived.v2", REFERRED),
    ]


@pytest.mark.parametrize("who", [LEEDS, GP, OPS])
async def test_only_an_admin_manages_the_receipt_email(service: Service, who: Any) -> None:
    put = await service.client.put(
        "/practices/B86001/receipt-email", json={"email": "x@nhs.example"}, headers=who
    )
    got = await service.client.get("/practices/B86001/receipt-email", headers=who)
    assert (put.status_code, got.status_code) == (403, 403)
    ok = await service.client.put(
        "/practices/B86001/receipt-email", json={"email": "b86001@nhs.example"}, headers=ADMIN
    )
    assert ok.json() == {"ods_code": "B86001", "email": "b86001@nhs.example"}
    unknown = await service.client.put(
        "/practices/Z99999/receipt-email", json={"email": "z@nhs.example"}, headers=ADMIN
    )
    assert unknown.status_code == 404


async def test_outreach_is_logged_and_published_without_its_note(service: Service) -> None:
    day = date.today() - timedelta(days=3)
    visit = {"kind": "visit", "date": day.isoformat(), "note": "Met Dr Example at lunch"}
    made = await service.client.post("/practices/B82005/outreach", json=visit, headers=LEEDS)
    assert made.status_code == 201, made.text
    engaged = await service.events("B82005", until=lambda es: any("kind" in e for e in es))
    [event] = [e for e in engaged if "kind" in e]
    assert event["ce_type"] == "t2t.referrals.PracticeEngaged.v1"
    assert (event["kind"], event["area"], event["outreach_id"]) == (
        "visit",
        "leeds",
        made.json()["id"],
    )
    assert event["engaged_at"].startswith(day.isoformat())
    assert "Example" not in str(event)
    log = await service.client.get("/practices/B82005/outreach", headers=LEEDS)
    assert [e["note"] for e in log.json()] == ["Met Dr Example at lunch"]
    hidden = await service.client.get("/practices/B82005/outreach", headers=OPS)
    assert [e["note"] for e in hidden.json()] == [None]


@pytest.mark.parametrize(
    ("path", "who", "body", "status"),
    [
        ("/practices/C84001/outreach", LEEDS, {"kind": "call"}, 403),  # bradford's practice
        ("/practices/P84001/outreach", LEEDS, {"kind": "call"}, 403),  # in no area
        ("/practices/Z99999/outreach", LEEDS, {"kind": "call"}, 404),
        ("/practices/B82005/outreach", LEEDS, {"kind": "fax"}, 422),
        ("/practices/B82005/outreach", OPS, {"kind": "call"}, 403),
    ],
)
async def test_outreach_refusals(
    service: Service, path: str, who: Any, body: dict[str, Any], status: int
) -> None:
    answer = await service.client.post(
        path, json={**body, "date": date.today().isoformat()}, headers=who
    )
    assert answer.status_code == status, answer.text


async def test_outreach_in_the_future_names_the_date(service: Service) -> None:
    later = {"kind": "email", "date": (date.today() + timedelta(days=2)).isoformat()}
    answer = await service.client.post("/practices/C84001/outreach", json=later, headers=BRADFORD)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "date"


@pytest.mark.parametrize(
    ("steps", "ce_type", "code"),
    [
        ([("accept", None)], "ReferralAccepted", REFERRED),
        ([("reject", {"reason": "declined_by_person"})], "ReferralRejected", DECLINED),
        ([("reject", {"reason": "out_of_area"})], "ReferralRejected", None),
        (
            [("accept", None), ("close", {"outcome": "declined_by_person"})],
            "ReferralClosed",
            DECLINED,
        ),
        ([("accept", None), ("close", {"outcome": "completed"})], "ReferralClosed", None),
    ],
)
async def test_outcome_events_carry_their_snomed_code(
    service: Service, steps: list[tuple[str, Any]], ce_type: str, code: str | None
) -> None:
    made = await service.client.post("/referrals", json=referral(uuid.uuid4().hex[:8]), headers=GP)
    rid = made.json()["id"]
    for step, body in steps:
        answer = await service.client.post(f"/referrals/{rid}/{step}", json=body, headers=LEEDS)
        assert answer.is_success, answer.text
    wanted = f"t2t.referrals.{ce_type}.v1"
    events = await service.events(rid, until=lambda es: any(e["ce_type"] == wanted for e in es))
    [outcome] = [e for e in events if e["ce_type"] == wanted]
    assert outcome["outcome_snomed_code"] == code
