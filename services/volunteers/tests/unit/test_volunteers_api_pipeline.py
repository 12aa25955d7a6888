"""The coordinators' API over a fake container: actions, scopes and every refusal."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest

from volunteers.config import Settings
from volunteers.domain.stages import ConcurrentUpdate, Stage
from volunteers.domain.worklist import Flag

from . import factories as f
from .api_support import Tokens, errors
from .conftest import FakeUnitOfWork
from .factories import NOW, TODAY

DBS = {
    "status": "complete",
    "level": "enhanced",
    "certificate_number": "0012 3456 7890",
    "issued_on": "2026-03-01",
    "renewal_due": "2029-03-01",
}


@pytest.fixture
def auth(settings: Settings) -> Tokens:
    return Tokens(settings)


class TestTheWholePipeline:
    async def test_applied_to_left_through_every_action(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        v = uow.volunteers.put(f.applied())
        base, h = f"/volunteers/{v.id}", auth()

        steps = [
            ("post", "/screening", None, "screening"),
            (
                "put",
                "/references/1",
                {"received_on": "2026-03-10", "satisfactory": True},
                "screening",
            ),
            (
                "put",
                "/references/2",
                {"received_on": "2026-03-10", "satisfactory": True},
                "screening",
            ),
            ("put", "/dbs", DBS, "screening"),
            ("post", "/training/core_facilitator/start", {"started_on": "2026-03-10"}, "training"),
            ("post", "/training/core_facilitator/complete", {"sessions_attended": 4}, "trained"),
            (
                "put",
                "/supervisor",
                {"name": "Dr A Patel", "role": "Nurse", "organisation": "LTHT"},
                "trained",
            ),
            ("post", "/pause", {"until": "2026-06-01"}, "paused"),
            ("post", "/resume", None, "trained"),
            ("post", "/leave", {"reason": "resigned"}, "left"),
        ]
        for method, path, body, status in steps:
            response = await client.request(method, base + path, json=body, headers=h)
            assert response.status_code == 200, (path, response.text)
            assert response.json()["status"] == status, path

        final = (await client.get(base, headers=h)).json()
        assert final["left_reason"] == "resigned"
        assert final["dbs"]["certificate_number"] == "001234567890"
        assert final["training"][0]["valid_until"] == "2028-03-10"
        assert final["supervisor"]["organisation"] == "LTHT"
        assert [type(e).__name__ for _, e in uow.outbox.events] == [
            "ScreeningStarted",
            "VolunteerScreened",
            "TrainingStarted",
            "FacilitatorTrained",
            "VolunteerContact",
            "VolunteerPaused",
            "VolunteerResumed",
            "VolunteerLeft",
        ]


class TestRefusals:
    async def test_an_illegal_transition_is_409_with_the_current_state(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        v = uow.volunteers.put(f.in_training())

        response = await client.post(f"/volunteers/{v.id}/screening", headers=auth())

        assert response.status_code == 409
        assert response.json()["current_state"] == "training"
        assert "allowed from: applied" in response.json()["detail"]

    async def test_training_before_screening_is_409_saying_what_is_missing(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        v = uow.volunteers.put(f.screening())

        response = await client.post(
            f"/volunteers/{v.id}/training/core_facilitator/start", headers=auth()
        )

        assert response.status_code == 409
        body = response.json()
        assert body["current_state"] == "screening"
        assert "before screening is complete" in body["detail"]
        assert "DBS check (pending)" in body["detail"]

    async def test_an_unknown_course_is_422(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        v = uow.volunteers.put(f.screened())

        response = await client.post(f"/volunteers/{v.id}/training/juggling/start", headers=auth())

        assert response.status_code == 422
        assert "core_facilitator" in errors(response)["course"]

    @pytest.mark.parametrize(
        ("body", "field", "reason"),
        [
            ({**DBS, "certificate_number": "12345"}, "certificate_number", "12 digits"),
            ({**DBS, "level": "ultra"}, "level", "basic"),
            ({**DBS, "renewal_due": "2026-01-01"}, "renewal_due", "after the issue date"),
            (
                {**DBS, "issued_on": "2027-01-01", "renewal_due": "2030-01-01"},
                "issued_on",
                "future",
            ),
            ({"status": "complete", "level": "basic"}, "body", "needs certificate_number"),
            # A number is not a date (lax parsing read 0 as 1970-01-01).
            ({**DBS, "issued_on": 0}, "issued_on", "not a number"),
        ],
    )
    async def test_bad_dbs_details_are_422(
        self,
        client: httpx.AsyncClient,
        auth: Tokens,
        uow: FakeUnitOfWork,
        body: dict[str, str],
        field: str,
        reason: str,
    ) -> None:
        v = uow.volunteers.put(f.screening())

        response = await client.put(f"/volunteers/{v.id}/dbs", json=body, headers=auth())

        assert response.status_code == 422, response.text
        found = errors(response)
        assert reason in found.get(field, str(found)), found

    async def test_a_reference_needs_its_verdict_and_a_real_slot(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        v = uow.volunteers.put(f.screening())

        no_verdict = await client.put(
            f"/volunteers/{v.id}/references/1", json={"received_on": "2026-03-09"}, headers=auth()
        )
        third = await client.put(f"/volunteers/{v.id}/references/3", json={}, headers=auth())
        future = await client.put(
            f"/volunteers/{v.id}/references/1",
            json={"received_on": "2026-03-11", "satisfactory": True},
            headers=auth(),
        )

        assert "go together" in str(errors(no_verdict))
        assert "slot" in errors(third)
        assert errors(future) == {"received_on": "cannot be in the future"}

    async def test_too_few_sessions_is_422(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        v = uow.volunteers.put(f.in_training())

        response = await client.post(
            f"/volunteers/{v.id}/training/core_facilitator/complete",
            json={"sessions_attended": 2},
            headers=auth(),
        )

        assert response.status_code == 422
        assert "needs 4 sessions" in errors(response)["sessions_attended"]

    async def test_unknown_volunteer_is_404_and_a_bad_reason_422(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        missing = await client.post(f"/volunteers/{uuid.uuid4()}/resume", headers=auth())
        v = uow.volunteers.put(f.applied())
        bad = await client.post(
            f"/volunteers/{v.id}/leave", json={"reason": "bored"}, headers=auth()
        )

        assert missing.status_code == 404
        assert "did_not_start" in errors(bad)["reason"]

    async def test_a_page_past_any_real_list_is_422_not_a_database_overflow(
        self, client: httpx.AsyncClient, auth: Tokens
    ) -> None:
        response = await client.get(
            "/volunteers", params={"offset": 39500394453886604148736}, headers=auth()
        )

        assert response.status_code == 422
        assert "offset" in errors(response)


async def test_a_change_lost_to_a_concurrent_writer_is_409(
    client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    v = uow.volunteers.put(f.applied())

    async def lost(volunteer: object) -> None:
        raise ConcurrentUpdate(v.id)

    monkeypatch.setattr(uow.volunteers, "save", lost)
    response = await client.post(f"/volunteers/{v.id}/screening", headers=auth())

    assert response.status_code == 409
    assert "reload and try again" in response.json()["detail"]
    assert uow.outbox.events == []


class TestAccess:
    async def test_no_token_is_401_and_a_referrer_403(
        self, client: httpx.AsyncClient, auth: Tokens
    ) -> None:
        assert (await client.get("/volunteers")).status_code == 401
        referrer = auth("referrer", ods_code="B82005")
        assert (await client.get("/volunteers", headers=referrer)).status_code == 403

    async def test_a_coordinator_acts_only_in_their_areas(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        v = uow.volunteers.put(f.applied(area="bradford"))

        read = await client.get(f"/volunteers/{v.id}", headers=auth())
        act = await client.post(f"/volunteers/{v.id}/screening", headers=auth())

        assert (read.status_code, act.status_code) == (403, 403)
        assert uow.volunteers.stored[v.id].stage is Stage.APPLIED

    async def test_ops_reads_without_personal_data_and_cannot_act(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        v = uow.volunteers.put(f.trained())
        ops = auth("ops", ("*",))

        read = await client.get(f"/volunteers/{v.id}", headers=ops)
        listed = await client.get("/volunteers", headers=ops)
        act = await client.post(f"/volunteers/{v.id}/pause", headers=ops)

        assert read.json()["person"] is None
        assert read.json()["dbs"]["certificate_number"] is None
        assert "Philippa" not in read.text + listed.text
        assert act.status_code == 403

    async def test_only_an_admin_erases(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        v = uow.volunteers.put(f.active())

        refused = await client.delete(f"/people/{v.id}", headers=auth())
        erased = await client.delete(f"/people/{v.id}", headers=auth("admin", ("*",)))
        shown = await client.get(f"/volunteers/{v.id}", headers=auth())

        assert (refused.status_code, erased.status_code) == (403, 200)
        report = erased.json()
        assert report["volunteers"] == {"erased": [str(v.id)], "left": [str(v.id)]}
        assert report["persons_tombstoned"] == [str(v.id)]
        assert {(r["service"], r["topic"]) for r in report["requested"]} == {
            ("groups", "t2t.volunteers.events"),
            ("ops", "t2t.volunteers.events"),
            ("notifications", "t2t.volunteers.contacts"),
        }
        again = await client.delete(f"/people/{v.id}", headers=auth("admin", ("*",)))
        assert again.json()["volunteers"] == {"erased": [], "left": []}
        assert (again.json()["requested"], again.json()["persons_tombstoned"]) == ([], [])
        assert shown.json()["person"] is None
        assert (shown.json()["erased"], shown.json()["status"]) == (True, "left")


class TestWorklist:
    async def test_filters_reach_the_query_as_asked(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        response = await client.get(
            "/volunteers?status=applied&overdue=red&expiring_within_days=30&limit=10&offset=5",
            headers=auth(areas=("leeds", "bradford")),
        )

        assert response.status_code == 200
        [f_] = uow.queries.filters
        assert (f_.areas, f_.stage, f_.overdue) == (("leeds", "bradford"), Stage.APPLIED, Flag.RED)
        applied_red = next(w for w in f_.overdue_windows if w.stage is Stage.APPLIED)
        assert applied_red.entered_before == NOW - timedelta(days=14)
        assert (f_.expiring_from, f_.expiring_by) == (TODAY, TODAY + timedelta(days=30))
        assert (f_.limit, f_.offset) == (10, 5)

    async def test_items_carry_flags_and_days_in_stage(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        uow.volunteers.put(f.applied(now=NOW - timedelta(days=10)))
        uow.volunteers.put(f.applied(now=NOW - timedelta(days=20)))
        uow.volunteers.put(f.applied(now=NOW - timedelta(days=1), area="bradford"))

        body = (await client.get("/volunteers", headers=auth())).json()

        assert body["total"] == 2
        assert sorted((i["days_in_stage"], i["flag"]) for i in body["items"]) == [
            (10, "amber"),
            (20, "red"),
        ]
        assert body["items"][0]["name"] == "Philippa Ramsbottom"

    async def test_overdue_takes_amber_or_red_only(
        self, client: httpx.AsyncClient, auth: Tokens
    ) -> None:
        response = await client.get("/volunteers?overdue=ok", headers=auth())

        assert response.status_code == 422
        assert "'amber' or 'red'" in errors(response)["overdue"]

    async def test_a_coordinator_cannot_ask_for_another_area(
        self, client: httpx.AsyncClient, auth: Tokens
    ) -> None:
        assert (await client.get("/volunteers?area=bradford", headers=auth())).status_code == 403
        stats = await client.get("/volunteers/stats?area=bradford", headers=auth())
        assert stats.status_code == 403

    async def test_stats_count_every_stage(
        self, client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
    ) -> None:
        uow.volunteers.put(f.applied())
        uow.volunteers.put(f.trained())

        body = (await client.get("/volunteers/stats?area=leeds", headers=auth())).json()

        assert body["areas"] == ["leeds"]
        assert body["by_stage"]["applied"] == body["by_stage"]["trained"] == 1
        assert body["by_stage"]["paused"] == 0


async def test_the_openapi_document_describes_the_pipeline(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/openapi.json")).json()

    assert "applied → screening" in doc["info"]["description"]
    apply = doc["paths"]["/applications"]["post"]
    assert "lived experience" in apply["description"]
    schemas = doc["components"]["schemas"]
    assert schemas["ApplicationCreate"]["examples"][0]["area"] == "leeds"
    assert schemas["DbsIn"]["examples"][0]["level"] == "enhanced"
    assert schemas["VolunteerPublic"]["examples"][0]["status"] == "trained"
    conflict = doc["paths"]["/volunteers/{volunteer_id}/screening"]["post"]["responses"]["409"]
    assert conflict["content"]["application/problem+json"]["schema"]["$ref"].endswith("/Conflict")
