"""End to end through the running stack: a referral over HTTP becomes an email and a text."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from t2t_cli.stack.common import free_port
from t2t_cli.stack.config import ServiceSpec, StackConfig
from t2t_cli.stack.panel import StackInfo
from t2t_cli.stack.up import start_stack
from tests.fixtures.services import STACK_ENV, auth, eventually, stack_databases, unique_prefix
from tests.fixtures.topics import read_until

pytestmark = pytest.mark.e2e

PREFIX = unique_prefix()  # topics of this module alone
GP = auth("referrer", ["leeds"], ods_code="B82005")
OPS = auth("ops", ["*"])
ADMIN = auth("admin", ["*"])


SERVICES = (
    ServiceSpec("referrals", "referrals", free_port()),
    ServiceSpec("notifications", "notifications", free_port()),
)


@pytest.fixture(scope="module")
def databases(fresh_database: Any) -> dict[str, str]:
    return stack_databases(fresh_database, SERVICES)


@pytest.fixture(scope="module")
async def stack(
    postgres_dsn: str,
    kafka_bootstrap: str,
    smtp_catcher: Any,
    databases: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[StackInfo]:
    """Referrals and notifications as real processes, started the way `t2t up` starts them."""
    config = StackConfig(
        home=tmp_path_factory.mktemp("t2t-home"),
        postgres_dsn=postgres_dsn,
        kafka_bootstrap=kafka_bootstrap,
        smtp_host=smtp_catcher.host,
        smtp_port=smtp_catcher.port,
        services=SERVICES,
        extra_env={
            **STACK_ENV,
            **databases,
            "T2T_TOPIC_PREFIX": PREFIX,
            "T2T_DISPATCH_POLL_INTERVAL_S": "0.2",
            # The texts are checked at once, whatever the hour (20:00-08:00 defers them).
            "T2T_SMS_QUIET_HOURS": "",
        },
    )
    async with start_stack(config) as (_, info):
        yield info


NHS_NUMBERS = {"Chidi": "4010232137", "Ngozi": "9434765870"}


def referral(name: str, channel: str) -> dict[str, Any]:
    return {
        "source": "gp",
        "area": "leeds",
        "referrer": {
            "ods_code": "B82005",
            "name": "Hyde Park Surgery",
            "email": "receipts@hydepark.nhs.example",
        },
        "person": {
            "given_name": name,
            "family_name": "Okafor",
            # Two people: one NHS number each, or the second is refused as a duplicate.
            "nhs_number": NHS_NUMBERS[name],
            "date_of_birth": "1966-09-30",
            "postcode": "LS6 1BN",
            "email": f"{name.lower()}.okafor@example.org",
            "mobile": "07700 900781",
            "preferred_channel": channel,
        },
        "consent": {"contact": True},
        "notes": "HbA1c rising; would like a group near Headingley",
    }


async def test_referral_over_http_reaches_the_person_by_email_and_by_text(
    stack: StackInfo, smtp_catcher: Any, databases: dict[str, str]
) -> None:
    referrals, notifications = (f"http://{stack.host}:{s.port}" for s in stack.services)
    async with httpx.AsyncClient(timeout=10) as client:
        # The stack loaded the sample register; receipts go where the register says.
        mailbox = {"email": "receipts@hydepark.nhs.example"}
        put = await client.put(
            f"{referrals}/practices/B82005/receipt-email", json=mailbox, headers=ADMIN
        )
        assert put.status_code == 200, put.text
        # The new address travels on the contacts topic and the referrals' events on another,
        # and topics are not ordered with each other: a referral that overtook it would be
        # receipted to the register's old address. Refer once notifications has it.
        notifications_db = databases["T2T_DATABASE_URL_NOTIFICATIONS"]
        await eventually(lambda: _knows_email(notifications_db, mailbox["email"]), within=30)
        by_email = await client.post(
            f"{referrals}/referrals", json=referral("Chidi", "email"), headers=GP
        )
        by_text = await client.post(
            f"{referrals}/referrals", json=referral("Ngozi", "sms"), headers=GP
        )
        assert (by_email.status_code, by_text.status_code) == (201, 201), by_email.text
        email_ref, text_ref = by_email.json(), by_text.json()

        def acknowledgement() -> list[Any]:
            return [m for m in smtp_catcher.messages() if m["To"] == "chidi.okafor@example.org"]

        [mail] = await eventually(acknowledgement, within=60)
        body = mail.get_body(("plain",)).get_content()
        assert "Chidi" in body
        assert email_ref["reference_code"] in body

        texts = await eventually(
            lambda: _texts(stack.sms_sink, text_ref["reference_code"]), within=60
        )
        assert len(texts) == 1
        assert texts[0]["to"] == "+447700900781"
        assert "Ngozi" in texts[0]["body"]

        await eventually(lambda: len(_receipts(smtp_catcher, email_ref, text_ref)) == 2, within=30)

        history = await client.get(
            f"{notifications}/notifications?subject_id={text_ref['id']}", headers=OPS
        )
        assert history.status_code == 200
        assert {(n["template"], n["status"]) for n in history.json()} == {
            ("referral_acknowledgement", "sent"),
            ("referral_receipt_referrer", "sent"),
        }

    def referrals_received(records: list[Any]) -> list[Any]:
        # The sample register's PracticeRegistered events share the topic.
        return [r for r in records if b"ReferralReceived" in dict(r.headers)["ce_type"]]

    # Each referral: ReferralReceived.v2 and, during its deprecation window, the v1 copy.
    on_topic = await read_until(
        stack.kafka_bootstrap,
        f"{PREFIX}referrals.events",
        lambda rs: len(referrals_received(rs)) >= 4,
    )
    received = referrals_received(on_topic)
    sent = await read_until(
        stack.kafka_bootstrap, f"{PREFIX}notifications.events", lambda rs: len(rs) >= 4
    )
    for record in [*received, *sent]:
        headers = dict(record.headers)
        for name in (
            "ce_specversion",
            "ce_id",
            "ce_source",
            "ce_type",
            "ce_time",
            "ce_subject",
            "ce_dataschema",
            "traceparent",
        ):
            assert headers.get(name), f"{name} missing on {record.topic}"
        raw = record.value.decode()
        for personal in (
            "Chidi",
            "Ngozi",
            "Okafor",
            *NHS_NUMBERS.values(),
            "1966-09-30",
            "LS6 1BN",
            "okafor@example",
            "900781",
            "Headingley",
            "HbA1c",
        ):
            assert personal not in raw, f"{personal} on {record.topic}"
    assert sorted(dict(r.headers)["ce_type"] for r in received) == [
        b"t2t.referrals.ReferralReceived.v1",
        b"t2t.referrals.ReferralReceived.v1",
        b"t2t.referrals.ReferralReceived.v2",
        b"t2t.referrals.ReferralReceived.v2",
    ]
    for record in received:
        if dict(record.headers)["ce_type"].endswith(b".v2"):
            reference = (email_ref, text_ref)
            assert not any(r["reference_code"].encode() in record.value for r in reference)
    assert {dict(r.headers)["ce_type"] for r in sent} == {b"t2t.notifications.NotificationSent.v1"}


def _texts(sink: Path, reference_code: str) -> list[dict[str, Any]]:
    if not sink.exists():
        return []
    lines = [json.loads(line) for line in sink.read_text().splitlines() if line.strip()]
    return [t for t in lines if reference_code in t["body"]]


async def _knows_email(database_url: str, email: str) -> bool:
    connection = await asyncpg.connect(database_url)
    try:
        return bool(await connection.fetchval("SELECT 1 FROM recipients WHERE email = $1", email))
    finally:
        await connection.close()


def _receipts(catcher: Any, *referrals: dict[str, Any]) -> list[Any]:
    codes = [r["reference_code"] for r in referrals]
    return [
        m
        for m in catcher.messages()
        if m["To"] == "receipts@hydepark.nhs.example"
        and any(code in m.get_body(("plain",)).get_content() for code in codes)
    ]
