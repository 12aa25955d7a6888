"""Without the ONS postcode data groups refuses to start, rather than place nobody."""

from __future__ import annotations

from pathlib import Path

import pytest

from groups.adapters.postcode_directory import OnsPostcodeDirectory


def test_a_directory_without_postcode_files_fails_at_construction(tmp_path: Path) -> None:
    (tmp_path / "README").write_text("not the data")

    with pytest.raises(RuntimeError, match=r"no ONS postcode data.*T2T_POSTCODE_DIRECTORY"):
        OnsPostcodeDirectory(tmp_path)


def test_a_directory_that_does_not_exist_fails_too(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="no ONS postcode data"):
        OnsPostcodeDirectory(tmp_path / "missing")
