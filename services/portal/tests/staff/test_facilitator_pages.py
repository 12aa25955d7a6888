"""A facilitator's groups and the register, over a faked groups service."""

from __future__ import annotations

import uuid

from .fake_apis import FakeService, reply
from .support import csrf, portal, sign_in

VOLUNTEER = str(uuid.uuid4())
GROUP = str(uuid.uuid4())
PAST, FUTURE = str(uuid.uuid4()), str(uuid.uuid4())
MEMBER, OFFERED = str(uuid.uuid4()), str(uuid.uuid4())
REGISTER = f"/groups/{GROUP}/sessions/{PAST}/register"


def groups_service() -> FakeService:
    group = {"id": GROUP, "name": "Headingley Tuesdays", "schedule_text": "Weekly on Tuesday",
             "venue": {"name": "Headingley Centre"}, "members": 1}  # fmt: skip
    sessions = [
        {"id": PAST, "group_id": GROUP, "starts_at": "2026-01-06T18:30:00+00:00",
         "ends_at": "2026-01-06T20:00:00+00:00", "status": "scheduled", "cancel_reason": None},
        {"id": FUTURE, "group_id": GROUP, "starts_at": "2099-01-06T18:30:00+00:00",
         "ends_at": "2099-01-06T20:00:00+00:00", "status": "scheduled", "cancel_reason": None},
    ]  # fmt: skip
    placements = [
        {"referral_id": MEMBER, "status": "member", "joined_at": "2026-01-01T10:00:00+00:00"},
        {"referral_id": OFFERED, "status": "offered", "joined_at": None},
    ]
    return FakeService(
        {
            ("GET", "/groups"): [group],
            ("GET", f"/groups/{GROUP}"): group,
            ("GET", f"/groups/{GROUP}/sessions"): sessions,
            ("GET", f"/groups/{GROUP}/placements"): placements,
            ("GET", f"/sessions/{PAST}/attendance"): {"session_id": PAST, "lines": []},
            ("PUT", f"/sessions/{PAST}/attendance"): {"session_id": PAST, "lines": []},
        }
    )


def test_my_groups_lists_sessions_with_a_register_for_those_started() -> None:
    with portal({"groups": groups_service()}) as client:
        sign_in(client, "facilitator", ("leeds",), volunteer_id=VOLUNTEER)
        page = client.get("/my-groups")
    assert page.status_code == 200, page.text
    assert "Headingley Tuesdays" in page.text
    assert f'href="{REGISTER}"' in page.text
    assert f"/sessions/{FUTURE}/register" not in page.text
    assert "Not started yet" in page.text


def test_the_register_lists_members_only_and_sends_each_mark() -> None:
    service = groups_service()
    with portal({"groups": service}) as client:
        sign_in(client, "facilitator", ("leeds",), volunteer_id=VOLUNTEER)
        page = client.get(REGISTER)
        assert page.status_code == 200
        assert f"attendance-{MEMBER}" in page.text
        assert f"attendance-{OFFERED}" not in page.text
        done = client.post(
            REGISTER, data={"csrf_token": csrf(client, REGISTER), f"attendance-{MEMBER}": "present"}
        )
    assert done.status_code == 200
    assert "Register saved." in done.text
    assert service.posted(f"/sessions/{PAST}/attendance") == [
        [{"referral_id": MEMBER, "attendance": "present"}]
    ]


def test_an_empty_register_is_refused_before_the_api() -> None:
    service = groups_service()
    with portal({"groups": service}) as client:
        sign_in(client, "facilitator", ("leeds",), volunteer_id=VOLUNTEER)
        page = client.post(REGISTER, data={"csrf_token": csrf(client, REGISTER)})
    assert page.status_code == 422
    assert "Mark at least one member" in page.text
    assert service.posted(f"/sessions/{PAST}/attendance") == []


def test_another_groups_register_is_the_apis_403() -> None:
    service = groups_service()
    service.answers[("GET", f"/groups/{GROUP}")] = reply(
        403, {"detail": "A facilitator may only see and record the groups they lead"}
    )
    with portal({"groups": service}) as client:
        sign_in(client, "facilitator", ("leeds",), volunteer_id=VOLUNTEER)
        page = client.get(REGISTER)
    assert page.status_code == 403
    assert "only see and record the groups they lead" in page.text
