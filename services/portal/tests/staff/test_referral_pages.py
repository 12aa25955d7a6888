"""The worklist and referral pages over faked services: what they show, what they send."""

from __future__ import annotations

from .fake_apis import DASH, REFERRAL_ID, FakeService, referral, reply
from .support import csrf, portal, sign_in


def referrals_service(**changes: object) -> FakeService:
    return FakeService(
        {
            ("GET", "/referrals"): {
                "items": [
                    {"referral": referral(), "waiting_working_days": 4, "overdue": True},
                ],
                "total": 30,
                "limit": 25,
                "offset": 0,
            },
            ("GET", f"/referrals/{REFERRAL_ID}"): referral(**changes),
            ("GET", f"/referrals/{REFERRAL_ID}/contact-attempts"): [],
            ("POST", f"/referrals/{REFERRAL_ID}/accept"): referral(status="accepted"),
        }
    )


def test_the_worklist_lists_flags_overdue_and_pages_keeping_filters() -> None:
    service = referrals_service()
    with portal({"referrals": service}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.get("/worklist?status=received&overdue=true&source=fax")
    assert page.status_code == 200
    assert f"<title>Worklist {DASH} Referrals {DASH} Type 2 Together</title>" in page.text
    assert "T2T-4F7K2Q" in page.text
    assert f'href="/referrals/{REFERRAL_ID}"' in page.text
    assert "Overdue" in page.text
    assert "status=received&amp;overdue=true&amp;page=2" in page.text
    sent = service.seen[-1].url.params
    assert (sent["status"], sent["overdue"], sent["sort"]) == (
        "received",
        "true",
        "longest_waiting",
    )
    assert "source" not in sent  # an unknown code is dropped, not sent


def test_a_received_referral_shows_its_timeline_and_triage() -> None:
    notifications = FakeService(
        {
            ("GET", "/notifications"): [
                {"template": "referral_acknowledgement", "channel": "email", "status": "sent",
                 "created_at": "2026-12-01T09:01:00+00:00", "sent_at": "2026-12-01T09:02:00+00:00",
                 "delivered_at": None},
            ]
        }
    )  # fmt: skip
    with portal({"referrals": referrals_service(), "notifications": notifications}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.get(f"/referrals/{REFERRAL_ID}")
    assert page.status_code == 200, page.text
    assert f"Referral T2T-4F7K2Q {DASH} Referrals" in page.text
    assert "Sam Taylor" in page.text
    assert "Referral received" in page.text
    assert "Message: Referral acknowledgement" in page.text
    assert "Accept referral" in page.text
    assert notifications.seen[0].url.params["subject_id"] == REFERRAL_ID


def test_a_placed_referral_links_to_its_group() -> None:
    group_id = "7d3c1f7a-3b9e-4c51-9a0e-2f4f3a1b5c6d"
    groups = FakeService(
        {
            ("GET", f"/placements/{REFERRAL_ID}"): {
                "status": "member", "group_id": group_id, "offered_at": None,
                "joined_at": "2026-12-03T10:00:00+00:00", "waiting_since": None},
            ("GET", f"/groups/{group_id}"): {"id": group_id, "name": "Armley <Thursdays>"},
        }
    )  # fmt: skip
    with portal({"referrals": referrals_service(status="joined"), "groups": groups}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.get(f"/referrals/{REFERRAL_ID}")
    assert f'<a href="/groups/{group_id}">Armley &lt;Thursdays&gt;</a>' in page.text


def test_a_service_that_is_down_leaves_the_page_usable_and_says_what_is_missing() -> None:
    with portal({"referrals": referrals_service()}) as client:  # groups, notifications down
        sign_in(client, "coordinator", ("leeds",))
        page = client.get(f"/referrals/{REFERRAL_ID}")
    assert page.status_code == 200
    assert "We could not load the group place or the messages sent" in page.text


def test_accepting_posts_and_comes_back_with_a_confirmation() -> None:
    service = referrals_service()
    with portal({"referrals": service}) as client:
        sign_in(client, "coordinator", ("leeds",))
        token = csrf(client, f"/referrals/{REFERRAL_ID}")
        done = client.post(f"/referrals/{REFERRAL_ID}/accept", data={"csrf_token": token})
    assert done.status_code == 200
    assert str(done.url).endswith("?done=accepted")
    assert "Referral accepted" in done.text
    assert service.posted(f"/referrals/{REFERRAL_ID}/accept") == [None]


def test_a_post_without_the_csrf_token_is_refused() -> None:
    service = referrals_service()
    with portal({"referrals": service}) as client:
        sign_in(client, "coordinator", ("leeds",))
        refused = client.post(f"/referrals/{REFERRAL_ID}/accept", data={})
    assert refused.status_code == 403
    assert service.posted(f"/referrals/{REFERRAL_ID}/accept") == []


def test_a_rejection_without_a_reason_shows_the_apis_error_beside_the_field() -> None:
    service = referrals_service()
    service.answers[("POST", f"/referrals/{REFERRAL_ID}/reject")] = reply(
        422,
        {"detail": "The request is not valid",
         "errors": [{"field": "reason", "reason": "Field required", "type": "missing"}]},
    )  # fmt: skip
    with portal({"referrals": service}) as client:
        sign_in(client, "coordinator", ("leeds",))
        token = csrf(client, f"/referrals/{REFERRAL_ID}")
        page = client.post(f"/referrals/{REFERRAL_ID}/reject", data={"csrf_token": token})
    assert page.status_code == 422
    assert "<title>Error: Referral T2T-4F7K2Q" in page.text
    assert 'href="#reason"' in page.text
    assert 'id="reason-error"' in page.text
    assert "Field required" in page.text
    assert "{'text'" not in page.text  # the message itself, not its parameters


def test_an_illegal_move_shows_the_apis_reason() -> None:
    service = referrals_service()
    service.answers[("POST", f"/referrals/{REFERRAL_ID}/accept")] = reply(
        409, {"detail": "a referral that is rejected cannot be accepted",
              "current_status": "rejected"}
    )  # fmt: skip
    with portal({"referrals": service}) as client:
        sign_in(client, "coordinator", ("leeds",))
        token = csrf(client, f"/referrals/{REFERRAL_ID}")
        page = client.post(f"/referrals/{REFERRAL_ID}/accept", data={"csrf_token": token})
    assert page.status_code == 409
    assert "a referral that is rejected cannot be accepted" in page.text


def test_other_roles_and_other_areas_get_a_clear_403() -> None:
    service = referrals_service()
    service.answers[("GET", f"/referrals/{REFERRAL_ID}")] = reply(
        403, {"detail": "Your token does not cover the area 'leeds'"}
    )
    with portal({"referrals": service}) as client:
        sign_in(
            client, "facilitator", ("leeds",), volunteer_id="7d1c2b9e-3f4a-4c5d-8e6f-0a1b2c3d4e5f"
        )
        assert client.get("/worklist").status_code == 403
    with portal({"referrals": service}) as client:
        sign_in(client, "coordinator", ("york",))
        page = client.get(f"/referrals/{REFERRAL_ID}")
    assert page.status_code == 403
    assert "does not cover the area" in page.text


def test_a_possible_duplicate_is_flagged_on_the_referral_page() -> None:
    other = "5a0d1c2e-7b3f-4e8a-9c1d-2e3f4a5b6c7d"
    flag = {"referral_id": other, "matched_by": "nhs_number", "flagged_at": "2026-12-02T10:00:00Z"}
    with portal({"referrals": referrals_service(possible_duplicates=[flag])}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.get(f"/referrals/{REFERRAL_ID}")
    assert page.status_code == 200, page.text
    assert "Possible duplicate" in page.text
    assert f'href="/referrals/{other}"' in page.text
    assert "the same NHS number" in page.text


def test_no_duplicate_line_without_a_flag() -> None:
    with portal({"referrals": referrals_service(possible_duplicates=[])}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.get(f"/referrals/{REFERRAL_ID}")
    assert "Possible duplicate" not in page.text
