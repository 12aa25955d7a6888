"""The volunteer pipeline and a volunteer's page, over a faked volunteers service."""

from __future__ import annotations

import uuid
from typing import Any

from .fake_apis import FakeService, reply
from .support import csrf, portal, sign_in

VOLUNTEER = str(uuid.uuid4())
PAGE = f"/volunteers/{VOLUNTEER}"


def volunteer(**changes: Any) -> dict[str, Any]:
    return {
        "id": VOLUNTEER, "status": "screening", "area": "leeds",
        "applied_at": "2026-11-01T09:00:00+00:00", "stage_entered_at": "2026-11-02T09:00:00+00:00",
        "flag": "amber", "eligible": False, "lived_experience": True, "availability": [],
        "references": [
            {"slot": 1, "status": "complete", "requested_on": "2026-11-02",
             "received_on": "2026-11-05", "satisfactory": True},
            {"slot": 2, "status": "pending", "requested_on": "2026-11-02", "received_on": None,
             "satisfactory": None},
        ],
        "dbs": {"status": "pending", "level": None, "certificate_number": None, "issued_on": None,
                "renewal_due": None},
        "training": [], "training_valid_until": None, "supervisor": None, "paused_until": None,
        "left_reason": None, "left_at": None, "erased": False,
        "person": {"given_name": "Jo", "family_name": "Okafor", "email": "jo@example.org",
                   "mobile": None, "preferred_channel": "email", "consent_to_contact": True,
                   "motivation": "I want to help"},
        **changes,
    }  # fmt: skip


def service(**changes: Any) -> FakeService:
    listed = {"id": VOLUNTEER, "status": "screening", "area": "leeds",
              "applied_at": "2026-11-01T09:00:00+00:00",
              "stage_entered_at": "2026-11-02T09:00:00+00:00", "days_in_stage": 32,
              "flag": "red", "name": "Jo Okafor", "training_valid_until": None,
              "dbs_status": "pending", "dbs_renewal_due": None}  # fmt: skip
    return FakeService(
        {
            ("GET", "/volunteers"): {"items": [listed], "total": 1, "limit": 25, "offset": 0},
            ("GET", PAGE): volunteer(**changes),
            ("PUT", f"{PAGE}/references/2"): volunteer(),
            ("PUT", f"{PAGE}/dbs"): volunteer(),
            ("POST", f"{PAGE}/training/core_facilitator/complete"): volunteer(),
        }
    )


def test_the_pipeline_shows_flags_and_filters_by_flag() -> None:
    fake = service()
    with portal({"volunteers": fake}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.get("/volunteers?overdue=red&status=screening")
    assert page.status_code == 200
    assert "Red: overdue" in page.text
    assert f'href="{PAGE}"' in page.text
    assert (fake.seen[-1].url.params["overdue"], fake.seen[-1].url.params["status"]) == (
        "red",
        "screening",
    )


def test_screening_shows_the_reference_still_due_and_records_it() -> None:
    fake = service()
    with portal({"volunteers": fake}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.get(PAGE)
        assert "Amber: slow" in page.text
        assert "Record reference 2" in page.text
        assert "Record reference 1" not in page.text
        done = client.post(
            f"{PAGE}/reference-2", data={"csrf_token": csrf(client, PAGE), "satisfactory_2": "yes"}
        )
    assert "Reference recorded." in done.text
    [sent] = fake.posted(f"{PAGE}/references/2")
    assert sent["satisfactory"] is True
    assert sent["received_on"]


def test_a_dbs_check_sends_the_typed_date_and_renewal_three_years_on() -> None:
    fake = service()
    with portal({"volunteers": fake}) as client:
        sign_in(client, "coordinator", ("leeds",))
        form = {"csrf_token": csrf(client, PAGE), "level": "enhanced",
                "certificate_number": "001234567890", "issued_on[day]": "3",
                "issued_on[month]": "12", "issued_on[year]": "2026"}  # fmt: skip
        client.post(f"{PAGE}/dbs", data=form)
        bad = client.post(f"{PAGE}/dbs", data=form | {"issued_on[month]": "13"})
    [sent] = fake.posted(f"{PAGE}/dbs")
    assert (sent["issued_on"], sent["renewal_due"]) == ("2026-12-03", "2029-12-03")
    assert bad.status_code == 422
    assert "Enter a real date" in bad.text
    assert 'href="#issued_on-day"' in bad.text
    assert 'id="issued_on-error"' in bad.text
    assert "{'text'" not in bad.text


def test_too_few_training_sessions_shows_the_apis_reason_beside_the_field() -> None:
    fake = service(status="training")
    fake.answers[("POST", f"{PAGE}/training/core_facilitator/complete")] = reply(
        422,
        {"detail": "The request is not valid", "errors": [
            {"field": "sessions_attended", "reason": "the core course needs 4 sessions"}]},
    )  # fmt: skip
    with portal({"volunteers": fake}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.post(
            f"{PAGE}/complete-training",
            data={"csrf_token": csrf(client, PAGE), "sessions_attended": "2"},
        )
    assert page.status_code == 422
    assert "The core course needs 4 sessions" in page.text
    assert 'href="#sessions_attended"' in page.text
    assert fake.posted(f"{PAGE}/training/core_facilitator/complete") == [{"sessions_attended": 2}]
