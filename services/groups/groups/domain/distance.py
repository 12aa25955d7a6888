"""How far a person is from a venue: the interface the matcher sees, not the data behind it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class GridPoint:
    """An OS National Grid position: easting and northing in metres."""

    easting: float
    northing: float

    def km_to(self, other: GridPoint) -> float:
        # The grid is a flat projection in metres: Euclidean distance is the real distance
        # to well under 1% across a county.
        return math.hypot(self.easting - other.easting, self.northing - other.northing) / 1000


class DistanceProvider(Protocol):
    """Where postcodes are. Both return None for what the directory does not know."""

    def locate_postcode(self, postcode: str) -> GridPoint | None:
        """A full postcode's position, e.g. `LS6 2AB`."""

    def locate_district(self, district: str) -> GridPoint | None:
        """The centre of a postcode district (outward code), e.g. `LS6`."""


def venue_point(
    provider: DistanceProvider, postcode: str | None, district: str | None
) -> GridPoint | None:
    """A venue by its full postcode, falling back to its district for a postcode not listed."""
    if postcode:
        point = provider.locate_postcode(postcode)
        if point is not None:
            return point
    return provider.locate_district(district) if district else None
