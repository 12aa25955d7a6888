"""Reading NHS ODS's epraccur file: every practice, or the first bad line and why."""

from __future__ import annotations

from datetime import date

import pytest

from referrals.domain.register import MalformedRegister, PracticeStatus, parse_epraccur

from .fakes import SAMPLE_REGISTER


def line(code: str = "B82005", **cells: str) -> str:
    row = [code, "HYDE PARK SURGERY", "Y63", "QWO", "1 HYDE STREET", "", "LEEDS", "", "", "LS6 2AB"]
    row += ["19740401", "", "A", "B", "15F", "19990401", "", "0113 000 0000", "", "", "", "0"]
    row += ["", "", "", "4", ""]
    for index, value in cells.items():
        row[int(index.removeprefix("c")) - 1] = value
    return ",".join(f'"{c}"' for c in row) + "\r\n"


def test_the_sample_register_reads_whole() -> None:
    parsed = parse_epraccur(SAMPLE_REGISTER.read_bytes())
    codes = {p.ods_code: p for p in parsed.practices}
    assert len(codes) == 136
    assert parsed.skipped == 1
    for used in (
        "B82005",
        "C84001",
        "C84002",
        "Y02345",
        "Y12345",
        "B86007",
        "B80000",
        "B80513",
        "B70000",
        "B70203",
    ):
        assert used in codes
    assert codes["B86090"].status is PracticeStatus.CLOSED
    assert codes["B86090"].closed_on == date(2024, 3, 31)


def test_a_practice_is_read_from_its_columns() -> None:
    [practice] = parse_epraccur(line(c10="ls62ab", c13="P").encode()).practices
    assert (practice.ods_code, practice.name, practice.postcode) == (
        "B82005",
        "HYDE PARK SURGERY",
        "LS6 2AB",
    )
    assert practice.status is PracticeStatus.PROPOSED
    assert practice.postcode_district == "LS6"
    assert practice.opened_on == date(1974, 4, 1)


@pytest.mark.parametrize(
    ("text", "at", "reason"),
    [
        (line() + line("B82006", c13="Z"), 2, "status 'Z'"),
        (line() + line("B82006", c10="NOWHERE"), 2, "column 10: 'NOWHERE' is not a UK postcode"),
        (line() + line("B82006", c2=""), 2, "column 2: the name is empty"),
        (line() + line("B82006", c11="2024-01-01"), 2, "column 11"),
        (line() + line("12345"), 2, "column 1"),
        (line() + line(), 2, "B82005 appears twice"),
        (line() + line("B82006")[:-2], 2, "truncated"),
        (line() + line("B82006").replace(',""', "", 3), 2, "expected 27 columns, found 24"),
        ("", 1, "no GP practices"),
        (line(c26="1"), 1, "no GP practices"),
    ],
)
def test_a_bad_line_is_named_with_its_reason(text: str, at: int, reason: str) -> None:
    with pytest.raises(MalformedRegister) as refused:
        parse_epraccur(text.encode())
    assert refused.value.line == at
    assert reason in refused.value.reason


def test_bytes_that_are_not_utf8_are_refused_at_their_line() -> None:
    with pytest.raises(MalformedRegister) as refused:
        parse_epraccur(line().encode() + line("B82006", c2="CAF\xc9").encode("latin-1"))
    assert (refused.value.line, refused.value.reason) == (2, "not UTF-8 text")
