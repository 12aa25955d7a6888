"""Postcode → local authority → area, from the ONS postcode directory (read by
`t2t_shared.ons_postcodes`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from t2t_shared.ons_postcodes import OnsPostcodeFiles


class OnsPostcodeAreas:
    """The deployment's area of a postcode: its local authority, then the configured mapping.

    Lookups read a letter's file, keep only the postcodes asked for and let the rest go: the
    whole directory held in memory would be ~450 MB (2.7 million postcodes), for an import
    that runs now and then.
    """

    def __init__(self, areas_by_authority: Mapping[str, str], directory: Path | None = None):
        self._areas = dict(areas_by_authority)
        self._files = OnsPostcodeFiles(directory)

    def local_authorities(self, postcodes: Iterable[str]) -> dict[str, str | None]:
        """Each postcode's local authority code (None: not in the directory)."""
        wanted = {p: p.replace(" ", "").upper() for p in postcodes}
        found: dict[str, str] = {}
        for letter in sorted({key[:1] for key in wanted.values() if key}):
            keys = {k for k in wanted.values() if k[:1] == letter}
            found |= {
                key: laua
                for key, laua in self._files.rows(letter, "laua")
                if key in keys and isinstance(laua, str)
            }
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
