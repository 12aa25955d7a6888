"""Request field types stricter than pydantic's lax defaults.

Lax pydantic reads a number as a Unix time, so `0` was accepted as a date (a DBS check
issued in 1970). In requests (bodies and query parameters) a date is an ISO 8601
string and nothing else.
(Pydantic's own strict mode cannot be used: FastAPI validates the decoded body as Python
objects, where strict mode refuses the string too.)
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator

_NUMBER = re.compile(r"\s*[+-]?[0-9]+(\.[0-9]*)?\s*")


def _written_out(value: Any) -> Any:
    # A query parameter arrives as text, so `0.5` is refused as text too.
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("a date is written out (YYYY-MM-DD), not a number")
    return value


StrictDate = Annotated[date, BeforeValidator(_written_out)]
StrictDateTime = Annotated[datetime, BeforeValidator(_written_out)]

# PostgreSQL's OFFSET is a bigint; far past any real list, a page is refused, not a 500.
MAX_OFFSET = 1_000_000
