"""Synthetic public events, field for field as docs/events.md defines them.

For the console's tests and for trying the console without the other services running:
each record carries the CloudEvents envelope the services' outboxes write.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ops.domain.funnel import STAGES
from ops.domain.topic_selection import OBSERVED_SERVICES
from t2t_shared.envelope import CloudEvent, EventRecord, new_traceparent
from t2t_shared.messaging.failures import PermanentHandlerError, route_failure
from t2t_shared.topics import Topics, TopicSpec, owned_topics

SCHEMAS = "https://type2together.org.uk/schemas"


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Catalogue:
    prefix: str = "t2t."
    deployment: str = "dev"

    def record(
        self, service: str, name: str, subject: str, data: dict[str, Any], *, at: datetime
    ) -> EventRecord:
        ce = CloudEvent(
            id=new_id(),
            source=f"/t2t/{self.deployment}/{service}",
            type=f"t2t.{service}.{name}.v1",
            subject=subject,
            time=at,
            dataschema=f"{SCHEMAS}/{service}/{name}.v1.json",
            traceparent=new_traceparent(),
        )
        return EventRecord(
            topic=f"{self.prefix}{service}.events",
            key=subject,
            value=json.dumps(data, default=str).encode(),
            headers=ce.to_headers(),
            event_id=ce.id,
        )

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
                    "ods_code": "B82005",
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

    def volunteer(
        self,
        *,
        area: str,
        reach: str = "applied",
        left: str | None = None,
        at: datetime | None = None,
    ) -> list[EventRecord]:
        at, vid = at or datetime.now(UTC), new_id()
        base = {"volunteer_id": vid, "area": area}
        steps = [
            (
                "VolunteerApplied",
                {
                    "applied_at": at,
                    "lived_experience": True,
                    "availability": [{"day": "tuesday", "part_of_day": "evening"}],
                },
            ),
            (
                "VolunteerScreened",
                {
                    "screened_at": at,
                    "dbs_level": "standard",
                    "dbs_renewal_due": (at + timedelta(days=1095)).date(),
                },
            ),
            (
                "FacilitatorTrained",
                {
                    "course": "core_facilitator",
                    "completed_at": at,
                    "valid_until": (at + timedelta(days=730)).date(),
                },
            ),
            ("VolunteerActivated", {"group_id": new_id(), "activated_at": at}),
        ]
        index = ("applied", "screened", "trained", "active").index(reach)
        chosen = steps[: index + 1]
        if left:
            chosen.append(
                ("VolunteerLeft", {"reason": left, "stage_left_from": reach, "left_at": at})
            )
        return [self.record("volunteers", n, vid, {**base, **d}, at=at) for n, d in chosen]

    def notification(
        self,
        *,
        area: str,
        channel: str = "email",
        failed: str | None = None,
        at: datetime | None = None,
    ) -> EventRecord:
        at, nid = at or datetime.now(UTC), new_id()
        data: dict[str, Any] = {
            "notification_id": nid,
            "subject_id": new_id(),
            "recipient_id": new_id(),
            "recipient_kind": "person",
            "template": "referral_acknowledgement",
            "channel": channel,
            "cause_event_id": new_id(),
            "area": area,
        }
        if failed:
            data |= {"reason": failed, "failed_at": at}
            return self.record("notifications", "NotificationFailed", nid, data, at=at)
        data |= {"sent_at": at, "provider": "smtp"}
        return self.record("notifications", "NotificationSent", nid, data, at=at)


def dead_letter(record: EventRecord, *, consumer: str, error: str, prefix: str) -> EventRecord:
    """`record` as the shared consumer dead-letters it after a permanent failure."""
    route = route_failure(
        consumer=consumer,
        retry_topic=f"{prefix}{consumer}.retry",
        dlq_topic=f"{prefix}{consumer}.dlq",
        delays_s=(),
        attempt=0,
        exc=PermanentHandlerError(error),
        source_topic=record.topic,
        partition=0,
        offset=0,
        headers=record.headers,
    )
    return EventRecord(route.topic, record.key, record.value, list(route.headers), record.event_id)


def platform_topics(prefix: str, partitions: int = 2) -> list[TopicSpec]:
    """Every services' events topic and DLQ, as the services create them at start-up."""
    topics = Topics(prefix)
    return [
        spec
        for service in OBSERVED_SERVICES
        for spec in owned_topics(topics, service=service, partitions=partitions, consumer=service)
    ]
