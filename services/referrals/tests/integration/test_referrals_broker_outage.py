"""With the broker down, referrals are still taken, and every one is published once it is back."""

from __future__ import annotations

import json

import pytest
from prometheus_client import REGISTRY

from referrals.bootstrap import bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from tests.fixtures.outage import BrokerBehindProxy
from tests.fixtures.services import Infra, auth, eventually, read_topic, serving, unique_prefix

pytestmark = pytest.mark.integration


def body(n: int) -> dict[str, object]:
    return {
        "source": "self" if n % 2 else "community",
        "area": "bradford",
        "person": {
            "given_name": f"Person{n}",
            "family_name": "Example",
            "date_of_birth": "1970-01-01",
            "postcode": "BD1 1AA",
            "email": f"person{n}@example.org",
        },
        "consent": {"contact": True},
    }


async def test_referrals_taken_while_broker_down_are_published_when_it_returns(
    infra: Infra,
) -> None:
    broker = BrokerBehindProxy()
    await broker.start()
    prefix = unique_prefix()
    url = await infra.migrated_database("referrals")
    settings = Settings(
        **{**infra.settings_kwargs(url, prefix), "kafka_bootstrap": broker.bootstrap}
    )
    container = bootstrap(settings)
    coordinator = auth("coordinator", ["bradford"])
    try:
        async with serving(container, create_app(container), "http://referrals") as client:
            before = await client.post("/referrals", json=body(0), headers=coordinator)
            assert before.status_code == 201
            await eventually(lambda: _drained(container))
            failed_before = _publish_failures()
            await broker.cut()
            ids = []
            for n in range(1, 6):
                response = await client.post("/referrals", json=body(n), headers=coordinator)
                assert response.status_code == 201, response.text
                ids.append(response.json()["id"])
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["checks"]["broker"] is False
            # The relay has tried and failed while the broker was away; nothing was dropped.
            await eventually(lambda: _publish_failures() > failed_before, within=30)
            assert await container.runtime.relay.pending() >= 5

            await broker.restore()
            await eventually(lambda: _drained(container), within=60)
            # Each referral's ReferralReceived v2 and its deprecated v1 copy.
            records = await read_topic(broker.bootstrap, f"{prefix}referrals.events", expect=12)
    finally:
        await broker.stop()
    v2 = b"t2t.referrals.ReferralReceived.v2"
    published = [json.loads(r.value)["referral_id"] for r in records if (v2,) == _type(r)]
    assert sorted(published) == sorted([before.json()["id"], *ids])


def _publish_failures() -> float:
    found = REGISTRY.get_sample_value("t2t_outbox_publish_failures_total", {"service": "referrals"})
    return found or 0.0


def _type(record: object) -> tuple[bytes]:
    return (dict(record.headers)["ce_type"],)  # type: ignore[attr-defined]


async def _drained(container: object) -> bool:
    return await container.runtime.relay.pending() == 0  # type: ignore[attr-defined, no-any-return]
