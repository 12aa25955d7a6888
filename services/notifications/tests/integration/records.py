"""Records exactly as referrals, groups and volunteers publish them (docs/contract).

Every field of the catalogue is filled in, also those notifications does not read, so a
consumer that is too strict fails here first.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from t2t_shared.envelope import CloudEvent, new_traceparent
from tests.fixtures.contract_payloads import check_payload

Record = tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]


def new_id() -> str:
    return str(uuid.uuid4())


def real_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Publisher:
    prefix: str
    # Event times are relative to the service's clock, which tests may move.
    clock: Callable[[], datetime] = real_now

    def at(self, delta: timedelta = timedelta(0)) -> str:
        return (self.clock() + delta).isoformat()

    def record(
        self,
        service: str,
        kind: str,
        name: str,
        key: str,
        data: dict[str, Any] | None,
        major: int = 1,
    ) -> Record:
        topic = f"{self.prefix}{service}.{kind}"
        if data is None:
            return topic, key.encode(), None, []
        ce_type = f"t2t.{service}.{name}.v{major}"
        check_payload(ce_type, data)  # the producer's published schema, not our memory of it
        ce = CloudEvent(
            id=new_id(),
            source=f"/t2t/dev/{service}",
            type=ce_type,
            subject=key,
            time=datetime.now(UTC),
            dataschema=f"https://type2together.org.uk/schemas/{service}/{name}.v{major}.json",
            traceparent=new_traceparent(),
        )
        return topic, key.encode(), json.dumps(data).encode(), ce.to_headers()


@dataclass
class Person:
    """A referred person with their contact record, referral and (maybe) referrer."""

    pub: Publisher
    channel: str = "email"
    area: str = "leeds"
    person_id: str = field(default_factory=new_id)
    referral_id: str = field(default_factory=new_id)
    referrer_id: str = field(default_factory=new_id)
    reference_code: str = field(default_factory=lambda: "T2T-" + uuid.uuid4().hex[:6].upper())

    @property
    def email(self) -> str:
        return f"alex.{self.person_id[:8]}@example.org"

    @property
    def mobile(self) -> str:
        return "+447700900" + str(int(self.person_id[:3], 16) % 1000).zfill(3)

    def contact(self, consent: bool = True) -> Record:
        data = {
            "person_id": self.person_id,
            "given_name": "Alex",
            "email": self.email,
            "mobile": self.mobile,
            "preferred_channel": self.channel,
            "consent_to_contact": consent,
            "reference_code": self.reference_code,
        }
        return self.pub.record("referrals", "contacts", "PersonContact", self.person_id, data)

    def erased(self) -> Record:
        return self.pub.record("referrals", "contacts", "PersonContact", self.person_id, None)

    def referrer_contact(self) -> Record:
        data = {
            "referrer_id": self.referrer_id,
            "ods_code": "B82005",
            "name": "Hyde Park Surgery",
            "email": f"practice.{self.referrer_id[:8]}@nhs.example",
        }
        return self.pub.record("referrals", "contacts", "ReferrerContact", self.referrer_id, data)

    def _referral(self, name: str, major: int = 1, **data: Any) -> Record:
        body = {"referral_id": self.referral_id, "area": self.area, **data}
        return self.pub.record("referrals", "events", name, self.referral_id, body, major)

    def received(self) -> Record:
        """ReferralReceived.v2: no reference code (it is on the person's contact record)."""
        return self._received(2)

    def received_v1(self) -> Record:
        """The deprecated copy referrals publishes beside v2 during the window."""
        return self._received(1, reference_code=self.reference_code)

    def _received(self, major: int, **v1: Any) -> Record:
        return self._referral(
            "ReferralReceived",
            major,
            person_id=self.person_id,
            **v1,
            source="gp",
            referrer_id=self.referrer_id,
            ods_code="B82005",
            consent_to_contact=True,
            preferred_channel=self.channel,
            postcode_district="LS6",
            age_band="60-69",
            received_at=self.pub.at(),
            format_preference=None,
        )

    def accepted(self) -> Record:
        return self._referral(
            "ReferralAccepted",
            person_id=self.person_id,
            source="gp",
            postcode_district="LS6",
            format_preference="in_person",
            received_at=self.pub.at(-timedelta(days=1)),
            accepted_at=self.pub.at(),
        )

    def rejected(self, reason: str = "out_of_area") -> Record:
        return self._referral(
            "ReferralRejected",
            person_id=self.person_id,
            source="gp",
            reason=reason,
            rejected_at=self.pub.at(),
        )

    def contact_attempted(self, outcome: str = "no_answer", by: str = "coordinator") -> Record:
        return self._referral(
            "ContactAttempted",
            person_id=self.person_id,
            attempt_number=1,
            channel="phone",
            outcome=outcome,
            recorded_by=by,
            attempted_at=self.pub.at(),
        )

    def _placement(self, name: str, **data: Any) -> Record:
        body = {"referral_id": self.referral_id, "area": self.area, "person_id": self.person_id}
        return self.pub.record("groups", "events", name, self.referral_id, body | data)

    def offered(self, group: Group, **overrides: Any) -> Record:
        data = {
            "group_id": group.group_id,
            "group_name": group.name,
            "format": "in_person",
            "venue_name": "Headingley Community Centre",
            "venue_address": "North Lane, Leeds LS6 3HU",
            "postcode_district": "LS6",
            "joining_link": None,
            "first_session_at": self.pub.at(timedelta(days=7)),
            "distance_km": 1.4,
            "offer_expires_at": self.pub.at(timedelta(days=5)),
            "offered_at": self.pub.at(),
        }
        return self._placement("PlaceOffered", **(data | overrides))

    def waitlisted(self) -> Record:
        return self._placement("MemberWaitlisted", position=2, waiting_since=self.pub.at())

    def joined(self, group: Group, first_session_at: str | None = None) -> Record:
        return self._placement(
            "MemberJoined",
            group_id=group.group_id,
            group_name=group.name,
            first_session_at=first_session_at,
            members=4,
            capacity=12,
        )

    def left(self, group: Group) -> Record:
        return self._placement(
            "MemberLeft", group_id=group.group_id, reason="moved_away", members=3, capacity=12
        )


@dataclass
class Volunteer:
    pub: Publisher
    channel: str = "email"
    area: str = "leeds"
    volunteer_id: str = field(default_factory=new_id)

    @property
    def email(self) -> str:
        return f"vol.{self.volunteer_id[:8]}@example.org"

    def contact(self, supervisor: bool = True) -> Record:
        data: dict[str, Any] = {
            "volunteer_id": self.volunteer_id,
            "given_name": "Jo",
            "email": self.email,
            "mobile": "+447700900" + str(int(self.volunteer_id[:3], 16) % 1000).zfill(3),
            "preferred_channel": self.channel,
            "consent_to_contact": True,
        }
        if supervisor:
            data |= {
                "supervisor_name": "Dr Priya Shah",
                "supervisor_role": "diabetes specialist nurse",
                "supervisor_organisation": "Leeds Teaching Hospitals",
            }
        return self.pub.record(
            "volunteers", "contacts", "VolunteerContact", self.volunteer_id, data
        )

    def event(self, name: str, **data: Any) -> Record:
        body = {"volunteer_id": self.volunteer_id, "area": self.area, **data}
        return self.pub.record("volunteers", "events", name, self.volunteer_id, body)

    def applied(self) -> Record:
        availability = [{"day": "tuesday", "part_of_day": "evening"}]
        return self.event(
            "VolunteerApplied",
            applied_at=self.pub.at(),
            lived_experience=True,
            availability=availability,
        )

    def screening_started(self) -> Record:
        return self.event("ScreeningStarted", started_at=self.pub.at())

    def screened(self) -> Record:
        renewal = (date.today() + timedelta(days=3 * 365)).isoformat()
        return self.event(
            "VolunteerScreened",
            screened_at=self.pub.at(),
            dbs_level="enhanced",
            dbs_renewal_due=renewal,
        )

    def training_started(self) -> Record:
        return self.event("TrainingStarted", course="core_facilitator", started_at=self.pub.at())

    def trained(self) -> Record:
        valid = (date.today() + timedelta(days=365)).isoformat()
        return self.event(
            "FacilitatorTrained",
            course="core_facilitator",
            completed_at=self.pub.at(),
            valid_until=valid,
        )

    def renewal_due(self) -> Record:
        expires = (date.today() + timedelta(days=30)).isoformat()
        return self.event("RenewalDue", check="dbs", expires_on=expires, days_left=30)


@dataclass
class Group:
    pub: Publisher
    area: str = "leeds"
    group_id: str = field(default_factory=new_id)
    name: str = field(default_factory=lambda: "Headingley group " + uuid.uuid4().hex[:4])

    def _event(self, event_name: str, **data: Any) -> Record:
        body = {"group_id": self.group_id, "area": self.area, **data}
        return self.pub.record("groups", "events", event_name, self.group_id, body)

    def created(self, facilitators: tuple[Volunteer, ...] = ()) -> Record:
        return self._event(
            "GroupCreated",
            name=self.name,
            format="in_person",
            venue_name="Headingley Community Centre",
            venue_address="North Lane, Leeds LS6 3HU",
            venue_postcode="LS6 3HU",
            postcode_district="LS6",
            accessibility_notes="Step-free access",
            joining_link=None,
            schedule={
                "frequency": "monthly",
                "weekday": 1,
                "week_of_month": 2,
                "start_time": "18:30",
                "duration_minutes": 90,
                "timezone": "Europe/London",
                "starts_on": "2026-01-13",
            },
            schedule_text="Monthly on the second Tuesday, 18:30-20:00",
            capacity=12,
            status="planned",
            facilitator_ids=[v.volunteer_id for v in facilitators],
        )

    def assigned(self, volunteer: Volunteer) -> Record:
        return self._event(
            "FacilitatorAssigned",
            volunteer_id=volunteer.volunteer_id,
            group_name=self.name,
            format="in_person",
            schedule_text="Monthly on the second Tuesday, 18:30-20:00",
            venue_name="Headingley Community Centre",
            postcode_district="LS6",
        )

    def session_scheduled(self, session_id: str, starts_in: timedelta) -> Record:
        return self._event(
            "SessionScheduled",
            session_id=session_id,
            starts_at=self.pub.at(starts_in),
            ends_at=self.pub.at(starts_in + timedelta(minutes=90)),
            venue_name="Headingley Community Centre",
            joining_link=None,
        )

    def session_cancelled(self, session_id: str, starts_in: timedelta) -> Record:
        return self._event(
            "SessionCancelled",
            session_id=session_id,
            starts_at=self.pub.at(starts_in),
            reason="venue",
        )

    def session_rescheduled(self, session_id: str, was: timedelta, now: timedelta) -> Record:
        return self._event(
            "SessionRescheduled",
            session_id=session_id,
            previous_starts_at=self.pub.at(was),
            starts_at=self.pub.at(now),
            ends_at=self.pub.at(now + timedelta(minutes=90)),
        )
