"""Referrals over the real database and broker: what reaches the topics, and when."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from referrals.bootstrap import bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from tests.fixtures.services import Infra, auth, read_topic, serving, unique_prefix

from .db_support import register, sample_lines

pytestmark = pytest.mark.integration

GP = auth("referrer", ["leeds"], ods_code="B82005")
ADMIN = auth("admin", ["*"])
COORDINATOR = auth("coordinator", ["leeds"])


def referral_body(**person: Any) -> dict[str, Any]:
    return {
        "source": "gp",
        "area": "leeds",
        "referrer": {"ods_code": "B82005", "name": "Hyde Park Surgery", "email": "hp@nhs.example"},
        "person": {
            "given_name": "Priya",
            "family_name": "Sharma",
            "nhs_number": "9434765919",
            "date_of_birth": "1958-02-03",
            "postcode": "LS6 2AB",
            "email": "priya.sharma@example.org",
            "mobile": "07700 900456",
            "preferred_channel": "sms",
            **person,
        },
        "consent": {"contact": True},
        "notes": "Lives alone; prefers evening groups",
    }


PERSONAL_VALUES = (
    "Priya",
    "Sharma",
    "9434765919",
    "1958-02-03",
    "LS6 2AB",
    "priya.sharma",
    "900456",
    "evening",
)


async def test_referral_reaches_both_topics_in_cloudevents(infra: Infra) -> None:
    prefix = unique_prefix()
    url = await infra.migrated_database("referrals")
    settings = Settings(**infra.settings_kwargs(url, prefix))
    container = bootstrap(settings)
    await register(container, "B82005", emails={"B82005": "hp@nhs.example"})
    async with serving(container, create_app(container), "http://referrals") as client:
        response = await client.post("/referrals", json=referral_body(), headers=GP)
        assert response.status_code == 201, response.text
        created = response.json()
        events = await read_topic(infra.kafka_bootstrap, f"{prefix}referrals.events", expect=3)
        contacts = await read_topic(infra.kafka_bootstrap, f"{prefix}referrals.contacts", expect=3)

    # The register's PracticeRegistered goes out on the practice's key, so on another
    # partition; the referral's v2 and its deprecated v1 copy share the referral's key, in order.
    assert {dict(e.headers)["ce_type"] for e in events} == {
        b"t2t.referrals.PracticeRegistered.v1",
        b"t2t.referrals.ReferralReceived.v1",
        b"t2t.referrals.ReferralReceived.v2",
    }
    v2, v1 = [e for e in events if b"ReferralReceived" in dict(e.headers)["ce_type"]]
    for event, major in ((v2, 2), (v1, 1)):
        headers = {k: v.decode() for k, v in event.headers}
        assert event.key.decode() == created["id"]
        assert headers["ce_specversion"] == "1.0"
        assert headers["ce_type"] == f"t2t.referrals.ReferralReceived.v{major}"
        assert headers["ce_source"] == "/t2t/dev/referrals"
        assert headers["ce_subject"] == created["id"]
        assert headers["content-type"] == "application/json"
        assert headers["ce_dataschema"].endswith(f"/referrals/ReferralReceived.v{major}.json")
        assert headers["traceparent"].startswith("00-")
        uuid.UUID(headers["ce_id"])
        raw = event.value.decode()
        assert not [v for v in PERSONAL_VALUES if v in raw]
    data = json.loads(v2.value)
    assert created["reference_code"] not in v2.value.decode()
    assert json.loads(v1.value) == data | {"reference_code": created["reference_code"]}
    assert data["postcode_district"] == "LS6"
    assert data["ods_code"] == "B82005"
    assert data["snomed_code"] == "871731000000106"

    by_type = {dict(r.headers)["ce_type"].decode(): r for r in contacts}
    person = json.loads(by_type["t2t.referrals.PersonContact.v1"].value)
    assert person["given_name"] == "Priya"
    assert person["mobile"] == "+447700900456"
    assert person["version"] == 1
    assert person["reference_code"] == created["reference_code"], "restricted topic only"
    assert by_type["t2t.referrals.PersonContact.v1"].key.decode() == data["person_id"]
    # The practice's record went out when its receipt email was set, not with the referral.
    practice = by_type["t2t.referrals.ReferrerContact.v1"]
    assert practice.key.decode() == data["referrer_id"]
    assert json.loads(practice.value)["email"] == "hp@nhs.example"


async def test_idempotent_retry_publishes_once(infra: Infra) -> None:
    prefix = unique_prefix()
    url = await infra.migrated_database("referrals")
    container = bootstrap(Settings(**infra.settings_kwargs(url, prefix)))
    await register(container, "B82005")
    headers = {**GP, "Idempotency-Key": "practice-system-42"}
    async with serving(container, create_app(container), "http://referrals") as client:
        first = await client.post("/referrals", json=referral_body(), headers=headers)
        again = await client.post("/referrals", json=referral_body(), headers=headers)
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["id"] == again.json()["id"]
        # Accepted after the retry, on the same key: once it is on the topic, whatever the
        # retry published is there before it.
        rid = first.json()["id"]
        accepted = await client.post(f"/referrals/{rid}/accept", headers=COORDINATOR)
        assert accepted.status_code == 200, accepted.text
        events = await read_topic(infra.kafka_bootstrap, f"{prefix}referrals.events", expect=4)
    assert [dict(e.headers)["ce_type"] for e in events if e.key.decode() == rid] == [
        b"t2t.referrals.ReferralReceived.v2",
        b"t2t.referrals.ReferralReceived.v1",
        b"t2t.referrals.ReferralAccepted.v1",
    ]


async def test_contact_records_carry_versions_that_rise_with_each_change(infra: Infra) -> None:
    prefix = unique_prefix()
    url = await infra.migrated_database("referrals")
    container = bootstrap(Settings(**infra.settings_kwargs(url, prefix)))
    await register(container, "B82005", emails={"B82005": "hp@nhs.example"})
    other_person = {"given_name": "Ola", "nhs_number": "4012345672", "email": "ola@example.org"}
    async with serving(container, create_app(container), "http://referrals") as client:
        response = await client.post("/referrals", json=referral_body(), headers=GP)
        assert response.status_code == 201, response.text
        # The register renames the practice: its contact record goes out again.
        renamed = sample_lines("B82005").replace(b"HYDE PARK SURGERY", b"HYDE PARK PRACTICE")
        imported = await client.post("/practices/import", content=renamed, headers=ADMIN)
        assert imported.json()["changed"] == 1, imported.text
        response = await client.post("/referrals", json=referral_body(**other_person), headers=GP)
        assert response.status_code == 201, response.text
        contacts = await read_topic(infra.kafka_bootstrap, f"{prefix}referrals.contacts", expect=5)

    def records(ce_type: str) -> list[dict[str, Any]]:
        return [
            json.loads(r.value) for r in contacts if dict(r.headers)["ce_type"].decode() == ce_type
        ]

    practice = records("t2t.referrals.ReferrerContact.v1")
    # A reader keeps the renamed one, never the first.
    # Registered (no email yet), its receipt email set, then renamed.
    assert [(r["name"], r["email"], r["version"]) for r in practice] == [
        ("HYDE PARK SURGERY", None, 1),
        ("HYDE PARK SURGERY", "hp@nhs.example", 2),
        ("HYDE PARK PRACTICE", "hp@nhs.example", 3),
    ]
    people = records("t2t.referrals.PersonContact.v1")
    assert [r["version"] for r in people] == [1, 1]  # two people, one record each
