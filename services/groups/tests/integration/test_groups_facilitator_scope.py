"""Over the real database: a facilitator reaches the groups on their roster, nothing else."""

from __future__ import annotations

import uuid

import pytest

from t2t_shared.auth import issue_token
from tests.fixtures.services import signing_key

from .service import COORDINATOR, Running, running
from .test_groups_offer_links import open_group

pytestmark = pytest.mark.integration

__all__ = ["running"]


async def test_a_facilitator_reads_their_group_and_is_refused_another(running: Running) -> None:
    ours, theirs = await open_group(running, capacity=2), await open_group(running, capacity=2)
    lead = (await running.client.get(f"/groups/{ours}", headers=COORDINATOR)).json()[
        "facilitator_ids"
    ][0]
    token = issue_token(signing_key(), role="facilitator", areas=[], volunteer_id=lead)
    me = {"Authorization": f"Bearer {token}"}

    listed = await running.client.get("/groups", headers=me)
    assert [g["id"] for g in listed.json()] == [ours]
    sessions = await running.client.get(f"/groups/{ours}/sessions", headers=me)
    assert sessions.status_code == 200
    assert sessions.json()
    session_id = sessions.json()[0]["id"]
    assert (
        await running.client.get(f"/sessions/{session_id}/attendance", headers=me)
    ).status_code == 200
    assert (await running.client.get(f"/groups/{theirs}", headers=me)).status_code == 403
    theirs_sessions = await running.client.get(f"/groups/{theirs}/sessions", headers=COORDINATOR)
    other_session = theirs_sessions.json()[0]["id"]
    line = [{"referral_id": str(uuid.uuid4()), "attendance": "present"}]
    refused = await running.client.put(
        f"/sessions/{other_session}/attendance", json=line, headers=me
    )
    assert refused.status_code == 403
