"""Groups, a group's page, setting one up and the waiting list, over faked services."""

from __future__ import annotations

import uuid
from typing import Any

from .fake_apis import FakeService, reply
from .support import csrf, portal, sign_in

GROUP, OTHER = str(uuid.uuid4()), str(uuid.uuid4())
VOLUNTEER = str(uuid.uuid4())
OFFERED = str(uuid.uuid4())
PAGE = f"/groups/{GROUP}"


def group(**changes: Any) -> dict[str, Any]:
    return {
        "id": GROUP, "name": "Headingley Tuesdays", "area": "leeds", "format": "in_person",
        "venue": {"name": "Headingley Centre", "address": "8 Bennett Road", "postcode": "LS6 3HN"},
        "joining_link": None, "schedule_text": "Weekly on Tuesday, 18:30-20:00",
        "status": "open", "capacity": 10, "members": 3, "offers_pending": 1, "free_places": 6,
        "waiting_list_length": 2, "facilitator_ids": [VOLUNTEER], "facilitator_lapsed": False,
        **changes,
    }  # fmt: skip


def groups_service() -> FakeService:
    other = group(id=OTHER, name="Armley Thursdays", facilitator_ids=[])
    return FakeService(
        {
            ("GET", "/groups"): [group(), other],
            ("GET", PAGE): group(),
            ("GET", f"{PAGE}/sessions"): [],
            ("GET", f"{PAGE}/placements"): [
                {
                    "referral_id": OFFERED,
                    "status": "offered",
                    "offered_at": "2026-12-01T09:00:00Z",
                    "offer_expires_at": "2026-12-08T09:00:00Z",
                    "joined_at": None,
                },
            ],
            ("POST", f"/placements/{OFFERED}/decline"): {},
            ("POST", f"/placements/{OFFERED}/move"): {},
            ("POST", "/groups"): {"id": GROUP},
            ("GET", "/areas/leeds/waitlist"): [
                {
                    "position": 1,
                    "referral_id": OFFERED,
                    "person_id": str(uuid.uuid4()),
                    "postcode_district": "LS6",
                    "format_preference": None,
                    "received_at": "2026-11-30T09:00:00Z",
                    "waiting_since": "2026-11-30T09:00:00Z",
                },
            ],
        }
    )


def volunteers_service() -> FakeService:
    person = {"given_name": "Jo", "family_name": "Okafor"}
    return FakeService(
        {
            ("GET", f"/volunteers/{VOLUNTEER}"): {"id": VOLUNTEER, "person": person},
            ("GET", "/volunteers"): {"items": [], "total": 0, "limit": 100, "offset": 0},
        }
    )


def test_groups_show_fill_and_the_waiting_list() -> None:
    with portal({"groups": groups_service()}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.get("/groups")
        waitlist = client.get("/areas/leeds/waitlist")
    assert page.status_code == 200
    assert "Headingley Tuesdays" in page.text
    assert "3 of 10" in page.text
    assert 'href="/areas/leeds/waitlist"' in page.text
    assert waitlist.status_code == 200
    assert f'href="/referrals/{OFFERED}"' in waitlist.text


def test_a_group_page_names_its_facilitator_and_acts_on_an_offer() -> None:
    fake = groups_service()
    with portal({"groups": fake, "volunteers": volunteers_service()}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.get(PAGE)
        assert page.status_code == 200, page.text
        assert "Jo Okafor" in page.text
        assert "Decline for them" in page.text
        assert "Armley Thursdays (6 free)" in page.text
        token = csrf(client, PAGE)
        declined = client.post(f"{PAGE}/placements/{OFFERED}/decline", data={"csrf_token": token})
        client.post(
            f"{PAGE}/placements/{OFFERED}/move", data={"csrf_token": token, "group_id": OTHER}
        )
    assert "passed to the waiting list" in declined.text
    assert fake.posted(f"/placements/{OFFERED}/decline") == [None]
    assert fake.posted(f"/placements/{OFFERED}/move") == [{"group_id": OTHER}]


def test_setting_up_a_group_sends_the_schedule_and_shows_errors_beside_fields() -> None:
    fake = groups_service()
    with portal({"groups": fake, "volunteers": volunteers_service()}) as client:
        sign_in(client, "coordinator", ("leeds",))
        form = {"csrf_token": csrf(client, "/groups/new"), "name": "Morley Mondays",
                "area": "leeds", "format": "in_person", "venue_name": "Town Hall",
                "venue_address": "Queen Street", "venue_postcode": "LS27 9DY",
                "frequency": "monthly", "weekday": "0", "week_of_month": "-1",
                "start_time": "10:00", "duration_minutes": "90", "capacity": "8"}  # fmt: skip
        made = client.post("/groups/new", data=form)
        fake.answers[("POST", "/groups")] = reply(
            422, {"detail": "The request is not valid", "errors": [
                {"field": "venue.postcode", "reason": "not a full UK postcode"}]},
        )  # fmt: skip
        refused = client.post("/groups/new", data=form | {"venue_postcode": "LS27"})
    assert "Group set up" in made.text
    first = fake.posted("/groups")[0]
    assert first["schedule"] == {"frequency": "monthly", "weekday": 0, "week_of_month": -1,
                                 "start_time": "10:00", "duration_minutes": 90}  # fmt: skip
    assert (first["capacity"], first["venue"]["postcode"], first["joining_link"]) == (
        8,
        "LS27 9DY",
        None,
    )
    assert refused.status_code == 422
    assert 'href="#venue_postcode"' in refused.text
    assert "Not a full UK postcode" in refused.text


def test_open_close_assign_and_leave_post_what_the_api_needs() -> None:
    fake = groups_service()
    member = str(uuid.uuid4())
    fake.answers.update(
        {
            ("POST", f"{PAGE}/open"): group(),
            ("POST", f"{PAGE}/close"): group(status="closed"),
            ("POST", f"{PAGE}/facilitators"): group(),
            ("POST", f"/placements/{member}/leave"): {},
        }
    )
    with portal({"groups": fake, "volunteers": volunteers_service()}) as client:
        sign_in(client, "coordinator", ("leeds",))
        token = csrf(client, PAGE)
        opened = client.post(f"{PAGE}/open", data={"csrf_token": token})
        client.post(f"{PAGE}/close", data={"csrf_token": token, "close_reason": "low_numbers"})
        client.post(f"{PAGE}/facilitators", data={"csrf_token": token, "volunteer_id": VOLUNTEER})
        client.post(
            f"{PAGE}/placements/{member}/leave", data={"csrf_token": token, "reason": "health"}
        )
    assert "Group opened" in opened.text
    assert fake.posted(f"{PAGE}/open") == [None]
    assert fake.posted(f"{PAGE}/close") == [{"reason": "low_numbers"}]
    assert fake.posted(f"{PAGE}/facilitators") == [{"volunteer_id": VOLUNTEER}]
    assert fake.posted(f"/placements/{member}/leave") == [{"reason": "health"}]


def test_opening_an_open_group_shows_the_apis_reason() -> None:
    fake = groups_service()
    fake.answers[("POST", f"{PAGE}/open")] = reply(
        409, {"detail": "the group is open: cannot open it", "current_state": "open"}
    )
    with portal({"groups": fake, "volunteers": volunteers_service()}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.post(f"{PAGE}/open", data={"csrf_token": csrf(client, PAGE)})
    assert page.status_code == 409
    assert "cannot open it" in page.text


def test_opening_without_an_eligible_facilitator_says_so_beside_the_button() -> None:
    fake = groups_service()
    fake.answers[("GET", PAGE)] = group(status="planned")
    fake.answers[("POST", f"{PAGE}/open")] = reply(
        422, {"detail": "The request is not valid", "errors": [
            {"field": "facilitator_ids", "reason": "no assigned facilitator is eligible",
             "type": "no_eligible_facilitator"}]},
    )  # fmt: skip
    with portal({"groups": fake, "volunteers": volunteers_service()}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.post(f"{PAGE}/open", data={"csrf_token": csrf(client, PAGE)})
    assert page.status_code == 422
    assert 'href="#open-group"' in page.text
    assert "No assigned facilitator is eligible" in page.text
