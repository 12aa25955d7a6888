"""What the referral page shows, gathered from the services that each hold a part of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from portal.service_layer.ports import ApiError, NotFound, ServiceApis
from portal.service_layer.staff.timeline import Entry, build

Json = dict[str, Any]


@dataclass
class ReferralView:
    referral: Json
    attempts: list[Json]
    placement: Json | None
    group: Json | None
    timeline: list[Entry]
    missing: list[str] = field(default_factory=list)
    """Parts another service could not give just now: the page says so, and goes on."""


async def load(apis: ServiceApis, token: str, referral_id: UUID) -> ReferralView:
    """The referral itself must come (its errors become pages); the rest is best effort."""
    referral = await apis.referrals.call("GET", f"/referrals/{referral_id}", token=token)
    attempts = await apis.referrals.call(
        "GET", f"/referrals/{referral_id}/contact-attempts", token=token
    )
    missing: list[str] = []
    placement = group = None
    try:
        placement = await apis.groups.call("GET", f"/placements/{referral_id}", token=token)
        if placement and placement.get("group_id"):
            group = await apis.groups.call("GET", f"/groups/{placement['group_id']}", token=token)
    except NotFound:
        placement = None
    except ApiError:
        missing.append("the group place")
    messages: list[Json] = []
    try:
        messages = await apis.notifications.call(
            "GET", "/notifications", token=token, params={"subject_id": str(referral_id)}
        )
    except ApiError:
        missing.append("the messages sent")
    name = group["name"] if group else None
    timeline = build(referral, attempts, placement, name, messages)
    return ReferralView(referral, attempts, placement, group, timeline, missing)
