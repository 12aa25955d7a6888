"""The GP practice register: practices as NHS ODS publishes them, read all or nothing.

ODS's `epraccur.csv` has no header row and 27 columns; we read the organisation code (1),
name (2), postcode (10), open and close dates (11, 12), status (13) and prescribing
setting (26, where 4 is a GP practice). Any line that cannot be read rejects the whole
file, naming the line and the reason, so a truncated download never half-updates the register.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from t2t_shared.kernel.contact import normalise_postcode

COLUMNS = 27
GP_PRACTICE_SETTING = "4"
PRACTICE_CODE = re.compile(r"^[A-Z][0-9]{5}$")


class PracticeStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"
    DORMANT = "dormant"
    PROPOSED = "proposed"


ODS_STATUS = {
    "A": PracticeStatus.ACTIVE,
    "C": PracticeStatus.CLOSED,
    "D": PracticeStatus.DORMANT,
    "P": PracticeStatus.PROPOSED,
}


class MalformedRegister(ValueError):
    """A line of the file cannot be read: the import is refused as a whole."""

    def __init__(self, line: int, reason: str) -> None:
        self.line = line
        self.reason = reason
        super().__init__(f"line {line}: {reason}")


@dataclass(frozen=True)
class PracticeRecord:
    """One GP practice as the file gives it."""

    ods_code: str
    name: str
    postcode: str
    status: PracticeStatus
    opened_on: date | None
    closed_on: date | None

    @property
    def postcode_district(self) -> str:
        return self.postcode.replace(" ", "")[:-3]


@dataclass(frozen=True)
class RegisterFile:
    practices: list[PracticeRecord]
    skipped: int  # rows of other prescribing settings (walk-in centres, prisons, ...)


def parse_epraccur(data: bytes) -> RegisterFile:
    """Every GP practice of the file, or `MalformedRegister` at the first bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MalformedRegister(line, "not UTF-8 text") from exc
    if text and not text.endswith("\n"):
        # Every published file ends its last line; one that does not was cut short.
        line = text.count("\n") + 1
        raise MalformedRegister(line, "the last line is not complete (file truncated?)")
    practices: list[PracticeRecord] = []
    seen: set[str] = set()
    skipped = 0
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                raise MalformedRegister(line, "empty line")
            record = _record(row, line)
            if record is None:
                skipped += 1
                continue
            if record.ods_code in seen:
                raise MalformedRegister(line, f"{record.ods_code} appears twice")
            seen.add(record.ods_code)
            practices.append(record)
    except csv.Error as exc:
        raise MalformedRegister(reader.line_num, f"not valid CSV ({exc})") from exc
    if not practices:
        raise MalformedRegister(1, "no GP practices in the file")
    return RegisterFile(practices, skipped)


def _record(row: list[str], line: int) -> PracticeRecord | None:
    if len(row) != COLUMNS:
        raise MalformedRegister(line, f"expected {COLUMNS} columns, found {len(row)}")
    cells = [cell.strip() for cell in row]
    code, name, postcode = cells[0].upper(), cells[1], cells[9]
    if cells[25] != GP_PRACTICE_SETTING:
        return None
    if not PRACTICE_CODE.match(code):
        raise MalformedRegister(line, f"column 1: '{code}' is not a practice code (e.g. B82005)")
    if not name:
        raise MalformedRegister(line, "column 2: the name is empty")
    try:
        postcode = normalise_postcode(postcode)
    except ValueError as exc:
        raise MalformedRegister(line, f"column 10: '{postcode}' is not a UK postcode") from exc
    status = ODS_STATUS.get(cells[12])
    if status is None:
        raise MalformedRegister(line, f"column 13: status '{cells[12]}' is not A, C, D or P")
    return PracticeRecord(
        ods_code=code,
        name=name,
        postcode=postcode,
        status=status,
        opened_on=_date(cells[10], line, 11),
        closed_on=_date(cells[11], line, 12),
    )


def _date(value: str, line: int, column: int) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError as exc:
        raise MalformedRegister(line, f"column {column}: '{value}' is not a YYYYMMDD date") from exc
