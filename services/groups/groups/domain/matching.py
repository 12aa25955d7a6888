"""Which open group suits a person best: the rules of placement, without any I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from groups.domain.model import Format, Group


@dataclass(frozen=True)
class Candidate:
    group: Group
    distance_km: float | None  # None: online, or a venue or person we cannot place on the map


def best_group(candidates: Sequence[Candidate], preference: Format | None) -> Candidate | None:
    """The group to offer: open, with a free place, of the preferred format.

    In person: nearest first (unknown distances after known ones). Online groups have no
    distance: the one with most free places first, so online groups fill evenly. Without
    a preference the nearest in-person group wins, and online groups come after.
    """
    open_ = [c for c in candidates if c.group.takes_people and c.group.free_places > 0]
    in_person = sorted(
        (c for c in open_ if c.group.format is Format.IN_PERSON),
        key=lambda c: (c.distance_km is None, c.distance_km or 0.0, c.group.name, str(c.group.id)),
    )
    online = sorted(
        (c for c in open_ if c.group.format is Format.ONLINE),
        key=lambda c: (-c.group.free_places, c.group.name, str(c.group.id)),
    )
    if preference is Format.ONLINE:
        ordered = online
    elif preference is Format.IN_PERSON:
        ordered = in_person
    else:
        ordered = in_person + online
    return ordered[0] if ordered else None
