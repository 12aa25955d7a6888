"""The pure pieces behind the staff pages: the timeline, the register, the group form, dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.service_layer.staff import group_form, register, timeline
from portal.service_layer.staff.dates import AnswerProblem, three_years_on, typed_date

from .fake_apis import referral


def test_the_timeline_puts_every_source_in_time_order() -> None:
    r = referral(status="placed", accepted_at="2026-12-02T10:00:00+00:00",
                 contacted_at="2026-12-03T11:00:00+00:00")  # fmt: skip
    attempts = [
        {"number": 1, "channel": "phone", "outcome": "no_answer", "recorded_by": "coordinator",
         "attempted_at": "2026-12-02T15:00:00+00:00"},
        {"number": 2, "channel": "sms", "outcome": "wrong_number",
         "recorded_by": "notification_failure", "attempted_at": "2026-12-02T16:00:00+00:00"},
    ]  # fmt: skip
    placement = {"status": "offered", "offered_at": "2026-12-02T10:00:05+00:00",
                 "offer_expires_at": "2026-12-09T10:00:05+00:00"}  # fmt: skip
    messages = [{"template": "place_offered", "channel": "sms", "status": "delivered",
                 "created_at": "2026-12-02T10:00:06+00:00",
                 "sent_at": "2026-12-02T10:00:07+00:00",
                 "delivered_at": "2026-12-02T10:00:09+00:00"}]  # fmt: skip
    entries = timeline.build(r, attempts, placement, "Headingley Tuesdays", messages)
    assert [e.heading for e in entries] == [
        "Referral received",
        "Accepted at triage",
        "Place offered in Headingley Tuesdays",
        "Message: Place offered",
        "Contact attempt 1",
        "Contact attempt 2",
        "First contact made",
    ]
    assert entries[1].at < entries[2].at
    assert entries[3].at == datetime(2026, 12, 2, 10, 0, 9, tzinfo=UTC)  # when delivered
    assert entries[3].detail == "Text message, delivered"
    assert "could not be delivered" in entries[5].detail
    assert entries[0].detail == "GP, from Hyde Park Surgery"


def test_a_referral_with_nothing_else_has_one_entry() -> None:
    assert [e.heading for e in timeline.build(referral(), [])] == ["Referral received"]


def test_the_register_rows_name_nobody_and_keep_earlier_marks() -> None:
    placements = [
        {"referral_id": "aaaaaaaa-1111", "status": "member", "joined_at": "2026-11-01T10:00:00Z"},
        {"referral_id": "bbbbbbbb-2222", "status": "offered", "joined_at": None},
        {"referral_id": "cccccccc-3333", "status": "member", "joined_at": None},
    ]
    rows = register.rows(placements, [{"referral_id": "aaaaaaaa-1111", "attendance": "absent"}],
                         {"attendance-cccccccc-3333": "present"})  # fmt: skip
    assert [(r["field"], r["mark"]) for r in rows] == [
        ("attendance-aaaaaaaa-1111", "absent"),
        ("attendance-cccccccc-3333", "present"),
    ]
    assert rows[0]["label"] == "Member 1 (joined 2026-11-01, ref aaaaaaaa)"


def test_register_lines_drop_unmarked_and_unknown_marks() -> None:
    marks = {"attendance-a": "present", "attendance-b": "", "attendance-c": "late"}
    assert register.lines(marks) == [{"referral_id": "a", "attendance": "present"}]


def test_the_sessions_shown_are_the_last_started_and_the_next() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    sessions = [{"id": str(n), "starts_at": f"2026-{m:02d}-01T18:00:00+00:00"}
                for n, m in enumerate(range(1, 13))]  # fmt: skip
    shown = register.around(sessions, now, past=2, ahead=2)
    assert [(s["starts_at"][:7], s["started"]) for s in shown] == [
        ("2026-04", True), ("2026-05", True), ("2026-06", False), ("2026-07", False),
    ]  # fmt: skip


def test_the_group_form_becomes_the_apis_body() -> None:
    online = group_form.body({"name": "Evenings", "area": "york", "format": "online",
                              "joining_link": "https://meet.example/x", "frequency": "weekly",
                              "weekday": "2", "week_of_month": "1", "start_time": "19:00",
                              "duration_minutes": "60", "capacity": "ten"})  # fmt: skip
    assert online["venue"] is None
    assert online["joining_link"] == "https://meet.example/x"
    assert online["schedule"]["week_of_month"] is None  # only monthly groups have one
    assert online["capacity"] == "ten"  # sent as typed: the API names what is wrong
    assert online["facilitator_ids"] == []


def test_typed_dates() -> None:
    assert typed_date({}, "d") is None
    assert typed_date({"d[day]": "3", "d[month]": "12", "d[year]": "2026"}, "d") == date(
        2026, 12, 3
    )
    with pytest.raises(AnswerProblem, match="real date"):
        typed_date({"d[day]": "31", "d[month]": "2", "d[year]": "2026"}, "d")
    with pytest.raises(AnswerProblem, match="numbers"):
        typed_date({"d[day]": "3", "d[month]": "Dec", "d[year]": "2026"}, "d")
    assert three_years_on(date(2024, 2, 29)) == date(2027, 2, 28)
