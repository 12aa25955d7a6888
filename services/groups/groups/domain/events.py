"""What happened to a placement or a group, recorded by the entity as it changes.

The use cases hand them to `service_layer/publishing.py`, which turns each into the public
event (`groups.events`) with whatever else it carries (the group's name, the next session,
the place in the list).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

AnsweredBy = Literal["coordinator", "person"]


@dataclass(frozen=True)
class Offered:
    group_id: uuid.UUID


@dataclass(frozen=True)
class Waitlisted:
    pass


@dataclass(frozen=True)
class Joined:
    group_id: uuid.UUID
    members: int
    capacity: int
    answered_by: AnsweredBy


@dataclass(frozen=True)
class Declined:
    group_id: uuid.UUID
    answered_by: AnsweredBy


@dataclass(frozen=True)
class Expired:
    group_id: uuid.UUID


@dataclass(frozen=True)
class Left:
    group_id: uuid.UUID
    reason: str
    members: int
    capacity: int


@dataclass(frozen=True)
class Moved:
    """Both groups' fill after the move."""

    from_group_id: uuid.UUID
    group_id: uuid.UUID
    members: int
    capacity: int
    from_members: int
    from_capacity: int


@dataclass(frozen=True)
class Cancelled:
    group_id: uuid.UUID | None
    was: Literal["waiting", "offered"]


PlacementChange = Offered | Waitlisted | Joined | Declined | Expired | Left | Moved | Cancelled


@dataclass(frozen=True)
class Opened:
    capacity: int
    free_places: int


@dataclass(frozen=True)
class Closed:
    reason: str
    at: datetime


GroupChange = Opened | Closed
