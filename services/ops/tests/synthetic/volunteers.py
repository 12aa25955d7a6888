"""Volunteers' and notifications' events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from t2t_shared.envelope import EventRecord

from .base import RecordMaker, new_id

# NotificationFailed's finer codes, each with the reason it is published under.
FINER = {
    "provider_unavailable": "retries_exhausted",
    "outcome_unknown": "interrupted",
    "contact_details_missing": "no_address",
}


class VolunteersAndNotifications(RecordMaker):
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
        failure_code: str | None = None,
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
            # A finer failure code is published under its coarser reason, as notifications does.
            reason, code = (
                FINER.get(failed, failed),
                failure_code or (failed if failed in FINER else None),
            )
            data |= {"reason": reason, "failed_at": at}
            if code:
                data["failure_code"] = code
            return self.record("notifications", "NotificationFailed", nid, data, at=at)
        data |= {"sent_at": at, "provider": "smtp"}
        return self.record("notifications", "NotificationSent", nid, data, at=at)

    def provider_paused(
        self,
        provider: str = "govuk-notify",
        *,
        channel: str = "sms",
        reason: str = "timeout",
        at: datetime | None = None,
        retry_in: timedelta = timedelta(minutes=5),
    ) -> EventRecord:
        """`ProviderPaused` as notifications publishes it: the provider failed, not a person."""
        at = at or datetime.now(UTC)
        data = {
            "provider": provider,
            "channel": channel,
            "reason": reason,
            "paused_at": at,
            "retry_at": at + retry_in,
        }
        return self.record("notifications", "ProviderPaused", provider, data, at=at)

    def provider_resumed(
        self,
        provider: str = "govuk-notify",
        *,
        channel: str = "sms",
        at: datetime | None = None,
        paused_for: timedelta = timedelta(minutes=15),
    ) -> EventRecord:
        at = at or datetime.now(UTC)
        data = {
            "provider": provider,
            "channel": channel,
            "resumed_at": at,
            "paused_for_s": paused_for.total_seconds(),
        }
        return self.record("notifications", "ProviderResumed", provider, data, at=at)
