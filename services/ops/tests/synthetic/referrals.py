"""Referral journeys, groups and the waiting list, as referrals and groups publish them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ops.domain.funnel import STAGES
from t2t_shared.envelope import EventRecord

from .base import RecordMaker, new_id


class ReferralsAndGroups(RecordMaker):
    def referral(
        self,
        *,
        area: str,
        source: str = "gp",
        reach: str = "received",
        at: datetime | None = None,
        contact_seconds: float = 86_400.0,
        within_target: bool = True,
        group_id: str | None = None,
        ods_code: str | None = "B82005",
    ) -> list[EventRecord]:
        """One referral's events, from ReferralReceived up to the stage `reach`."""
        at = at or datetime.now(UTC)
        rid, pid, gid = new_id(), new_id(), group_id or new_id()
        last = STAGES.index(reach)
        common = {"referral_id": rid, "person_id": pid, "area": area}
        steps: list[tuple[str, str, dict[str, Any]]] = [
            (
                "referrals",
                "ReferralReceived",
                {
                    **common,
                    "reference_code": "T2T-4F7K2Q",
                    "source": source,
                    "referrer_id": None,
                    "ods_code": ods_code,
                    "consent_to_contact": True,
                    "preferred_channel": "sms",
                    "postcode_district": "LS6",
                    "age_band": "50-59",
                    "received_at": at,
                    "format_preference": None,
                },
            ),
            (
                "referrals",
                "ReferralAccepted",
                {
                    **common,
                    "source": source,
                    "postcode_district": "LS6",
                    "format_preference": None,
                    "received_at": at,
                    "accepted_at": at,
                },
            ),
            (
                "referrals",
                "ReferralContacted",
                {
                    **common,
                    "source": source,
                    "received_at": at,
                    "contacted_at": at + timedelta(seconds=contact_seconds),
                    "seconds_to_first_contact": contact_seconds,
                    "working_days_to_first_contact": int(contact_seconds // 86_400),
                    "within_target": within_target,
                },
            ),
            (
                "groups",
                "PlaceOffered",
                {
                    **common,
                    "group_id": gid,
                    "group_name": "Headingley",
                    "format": "in_person",
                    "venue_name": "Headingley Library",
                    "venue_address": None,
                    "postcode_district": "LS6",
                    "joining_link": None,
                    "first_session_at": None,
                    "distance_km": 1.2,
                    "offer_expires_at": at + timedelta(days=7),
                    "offered_at": at,
                },
            ),
            (
                "groups",
                "MemberJoined",
                {
                    **common,
                    "group_id": gid,
                    "group_name": "Headingley",
                    "first_session_at": None,
                    "members": 1,
                    "capacity": 12,
                },
            ),
            (
                "groups",
                "AttendanceRecorded",
                {
                    **common,
                    "group_id": gid,
                    "session_id": new_id(),
                    "session_starts_at": at,
                    "attendance": "present",
                    "first_attended": True,
                    "regular_attender": reach == "regular_attender",
                },
            ),
        ]
        if last == len(STAGES) - 1:
            last -= 1  # regular attendance is a flag on the attendance line
        return [self.record(svc, name, rid, data, at=at) for svc, name, data in steps[: last + 1]]

    def group(
        self, *, area: str, capacity: int = 12, members: int = 0, at: datetime | None = None
    ) -> list[EventRecord]:
        """GroupCreated and GroupOpened, then GroupUpdated with the places taken."""
        at, gid = at or datetime.now(UTC), new_id()
        free = capacity - members
        return [
            self.record(
                "groups",
                "GroupCreated",
                gid,
                {
                    "group_id": gid,
                    "area": area,
                    "name": "Headingley",
                    "format": "in_person",
                    "schedule": {
                        "frequency": "weekly",
                        "weekday": 1,
                        "week_of_month": None,
                        "start_time": "18:30",
                        "duration_minutes": 90,
                        "timezone": "Europe/London",
                        "starts_on": at.date(),
                    },
                    "schedule_text": "Tuesdays, 18:30-20:00",
                    "capacity": capacity,
                    "status": "planned",
                    "facilitator_ids": [],
                },
                at=at,
            ),
            self.record(
                "groups",
                "GroupOpened",
                gid,
                {"group_id": gid, "area": area, "capacity": capacity, "free_places": capacity},
                at=at,
            ),
            self.record(
                "groups",
                "GroupUpdated",
                gid,
                {
                    "group_id": gid,
                    "area": area,
                    "capacity": capacity,
                    "free_places": free,
                    "status": "full" if free == 0 else "open",
                },
                at=at,
            ),
        ]

    def moved(
        self,
        referral_id: str,
        *,
        area: str,
        from_group: tuple[str, int, int],
        to_group: tuple[str, int, int],
        figures: bool = True,
        at: datetime | None = None,
    ) -> EventRecord:
        """MemberMoved; each group is (id, members after the move, capacity).

        `figures=False` gives a move as published before it carried the groups' fill.
        """
        (left, left_members, left_capacity), (group, members, capacity) = from_group, to_group
        data: dict[str, Any] = {
            "referral_id": referral_id,
            "person_id": new_id(),
            "area": area,
            "from_group_id": left,
            "group_id": group,
        }
        if figures:
            data |= {"members": members, "capacity": capacity}
            data |= {"from_members": left_members, "from_capacity": left_capacity}
        return self.record("groups", "MemberMoved", referral_id, data, at=at or datetime.now(UTC))

    def waitlisted(self, *, area: str, at: datetime | None = None) -> EventRecord:
        at, rid = at or datetime.now(UTC), new_id()
        return self.record(
            "groups",
            "MemberWaitlisted",
            rid,
            {
                "referral_id": rid,
                "person_id": new_id(),
                "area": area,
                "position": 1,
                "waiting_since": at,
            },
            at=at,
        )
