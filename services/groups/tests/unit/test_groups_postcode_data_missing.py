"""Without the ONS postcode data groups refuses to start, rather than place nobody."""

from __future__ import annotations

from pathlib import Path

import pytest

from groups.adapters.postcode_directory import OnsPostcodeDirectory
from t2t_shared.ons_postcodes import PostcodeDataMissing, package_directory


def test_a_directory_without_postcode_files_fails_at_construction(tmp_path: Path) -> None:
    (tmp_path / "README").write_text("not the data")

    with pytest.raises(RuntimeError, match=r"no ONS postcode data.*T2T_POSTCODE_DIRECTORY"):
        OnsPostcodeDirectory(tmp_path)


def test_a_directory_that_does_not_exist_fails_too(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="no ONS postcode data"):
        OnsPostcodeDirectory(tmp_path / "missing")


def test_a_letters_missing_file_fails_the_lookup_instead_of_placing_by_no_distance(
    tmp_path: Path,
) -> None:
    (tmp_path / "postcodes_L.msgpack.br").write_bytes(
        (package_directory() / "postcodes_L.msgpack.br").read_bytes()
    )
    directory = OnsPostcodeDirectory(tmp_path)
    assert directory.locate_district("LS6") is not None
    assert directory.locate_district("QA1") is None  # no postcode area starts with Q
    with pytest.raises(PostcodeDataMissing, match=r"postcodes_B\.msgpack\.br"):
        directory.locate_district("BD1")
