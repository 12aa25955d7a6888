"""Distances from the ONS postcode directory (read by `t2t_shared.ons_postcodes`).

A directory file holds every postcode area starting with its letter; we keep only the
postcode areas asked for (`LS`, not all of `L`), each loaded on first use.
"""

from __future__ import annotations

import math
import re
import threading
from pathlib import Path

from groups.domain.distance import GridPoint
from t2t_shared.kernel.contact import district_of
from t2t_shared.ons_postcodes import OnsPostcodeFiles


class OnsPostcodeDirectory:
    """A `DistanceProvider`: full postcodes and district centres, loaded area by area."""

    def __init__(self, directory: Path | None = None) -> None:
        self._files = OnsPostcodeFiles(directory, setting="T2T_POSTCODE_DIRECTORY")
        self._areas: dict[str, dict[str, GridPoint]] = {}
        self._districts: dict[str, GridPoint | None] = {}
        self._lock = threading.Lock()

    def locate_postcode(self, postcode: str) -> GridPoint | None:
        key = postcode.replace(" ", "").upper()
        return self._area(area_of(key)).get(key)

    def locate_district(self, district: str) -> GridPoint | None:
        district = district.strip().upper()
        if district not in self._districts:
            points = [
                p for k, p in self._area(area_of(district)).items() if district_of(k) == district
            ]
            # The centroid: the mean position of the district's postcodes.
            self._districts[district] = (
                GridPoint(
                    sum(p.easting for p in points) / len(points),
                    sum(p.northing for p in points) / len(points),
                )
                if points
                else None
            )
        return self._districts[district]

    def loaded_areas(self) -> list[str]:
        return sorted(self._areas)

    def _area(self, area: str) -> dict[str, GridPoint]:
        if not area:
            return {}
        with self._lock:
            if area not in self._areas:
                self._areas[area] = self._read(area)
            return self._areas[area]

    def _read(self, area: str) -> dict[str, GridPoint]:
        points: dict[str, GridPoint] = {}
        for key, east, north in self._files.rows(area[0], "oseast1m", "osnrth1m"):
            # Some listed postcodes have no grid reference (NaN): they cannot be placed.
            if east is None or north is None or math.isnan(east) or math.isnan(north):
                continue
            if area_of(key) == area:
                points[key] = GridPoint(float(east), float(north))
        return points


def area_of(postcode_or_district: str) -> str:
    """The postcode area: the leading letters (`LS6 2AB` → `LS`), the directory's file."""
    letters = re.match(r"^[A-Z]+", postcode_or_district.strip().upper())
    return letters.group(0) if letters else ""
