"""What an erasure answer says other services were asked to do, in one shape everywhere.

A service that erases a person publishes records that ask others to forget them too: an
event on its events topic (groups and ops act on it) and a tombstone on its contacts topic
(notifications deletes its copy). Its answer lists each such request, so the caller can see
where the erasure goes next.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

TOMBSTONE = "tombstone (null value)"
NOTIFICATIONS_FORGET = (
    "deletes its copy of the contact details and what it keeps by the person, and cancels "
    "pending and scheduled sends to them"
)


# One service asked to act, by one kind of record the erasure published. (No docstring:
# pydantic would put it in both services' OpenAPI documents as the schema's description.)
class DownstreamRequest(BaseModel):
    service: str = Field(examples=["notifications"])
    by: str = Field(description="The record that asks it", examples=[TOMBSTONE])
    topic: str = Field(description="Where the record was published")
    keys: list[UUID] = Field(
        description="The record keys (the ids of the erased records or people)"
    )
    effect: str


# An erasure answer's `requested` member.
Requested = Annotated[
    list[DownstreamRequest],
    Field(
        description="What other services were asked to do, by the records this erasure "
        "published (empty when nothing new was erased)"
    ),
]


def asked_by_event(
    by: str, topic: str, keys: Sequence[UUID], effects: Mapping[str, str]
) -> list[DownstreamRequest]:
    """What each service reading `topic` does on the event `by` (`effects` by service);
    nothing when the erasure published no such event."""
    if not keys:
        return []
    return [
        DownstreamRequest(service=service, by=by, topic=topic, keys=list(keys), effect=effect)
        for service, effect in effects.items()
    ]


def asked_by_tombstones(contacts_topic: str, keys: Sequence[UUID]) -> list[DownstreamRequest]:
    """Notifications forgets whoever got a contacts tombstone now (nobody: no request)."""
    if not keys:
        return []
    return [
        DownstreamRequest(
            service="notifications",
            by=TOMBSTONE,
            topic=contacts_topic,
            keys=list(keys),
            effect=NOTIFICATIONS_FORGET,
        )
    ]
