"""JSON logs carry ids and never personal data."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from t2t_shared.logging import PERSONAL_KEYS, REDACTED, configure_logging, redact_personal_data

EMAIL = "philippa.ramsbottom@example.org"
# Written out rather than read from PERSONAL_KEYS, so dropping a key from the list fails here.
PERSONAL = [
    "nhs_number",
    "given_name",
    "family_name",
    "name",
    "full_name",
    "date_of_birth",
    "dob",
    "email",
    "mobile",
    "phone",
    "phone_number",
    "postcode",
    "address",
    "to",
    "recipient_address",
]


@pytest.mark.parametrize("key", PERSONAL)
def test_every_personal_key_is_redacted(key: str) -> None:
    line = {"event": "referral received", key: "personal value", "event_id": "e-1"}

    out = redact_personal_data(None, "info", line)

    assert out[key] == REDACTED
    assert out["event_id"] == "e-1"
    assert out["event"] == "referral received"


def test_the_list_covers_the_personal_keys_of_the_design() -> None:
    assert set(PERSONAL) <= PERSONAL_KEYS


def test_keys_are_matched_whatever_their_case() -> None:
    out = redact_personal_data(None, "info", {"Email": EMAIL, "NHS_Number": "9434765919"})

    assert out == {"Email": REDACTED, "NHS_Number": REDACTED}


def test_ids_and_types_are_kept() -> None:
    line = {
        "event_id": "e-1",
        "event_type": "t2t.referrals.ReferralReceived.v1",
        "aggregate_id": "r-9",
        "topic": "t2t.referrals.events",
    }

    assert redact_personal_data(None, "info", dict(line)) == line


def test_personal_keys_inside_a_nested_value_are_redacted() -> None:
    out = redact_personal_data(None, "info", {"person": {"email": EMAIL, "id": "p-1"}})

    assert EMAIL not in json.dumps(out)


@pytest.fixture
def json_logging(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """Configure from inside the test (pytest resets the root level between phases), read
    stdout as JSON lines, and put the root logger and structlog back afterwards."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    noisy = {name: logging.getLogger(name).level for name in ("aiokafka", "uvicorn.access")}

    def lines() -> list[dict[str, Any]]:
        out = capsys.readouterr().out
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    yield lines
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)
    for name, level in noisy.items():
        logging.getLogger(name).setLevel(level)
    structlog.reset_defaults()


def test_a_stdlib_log_with_an_email_extra_never_prints_the_email(json_logging: Any) -> None:
    configure_logging("INFO", json=True)

    logging.getLogger("t2t.test.stdlib").info(
        "contact published", extra={"email": EMAIL, "event_id": "e-42"}
    )

    lines = json_logging()
    assert len(lines) == 1
    line = lines[0]
    assert line["event"] == "contact published"
    assert line["event_id"] == "e-42"
    assert line["email"] == REDACTED
    assert line["level"] == "info"
    assert EMAIL not in json.dumps(lines)


def test_a_structlog_log_with_personal_keys_never_prints_them(json_logging: Any) -> None:
    configure_logging("INFO", json=True)

    structlog.get_logger("t2t.test.structlog").warning(
        "delivery failed", mobile="+447700900123", nhs_number="9434765919", aggregate_id="r-1"
    )

    lines = json_logging()
    assert len(lines) == 1
    assert lines[0]["aggregate_id"] == "r-1"
    assert lines[0]["mobile"] == REDACTED
    assert lines[0]["nhs_number"] == REDACTED
    assert "+447700900123" not in json.dumps(lines)
    assert "9434765919" not in json.dumps(lines)


def test_the_level_filters_lower_lines(json_logging: Any) -> None:
    configure_logging("INFO", json=True)

    logging.getLogger("t2t.test.level").debug("too chatty")

    assert json_logging() == []


def test_uvicorns_coloured_copy_of_the_message_is_dropped() -> None:
    from t2t_shared.logging import redact_personal_data

    event = {"event": "Started server process", "color_message": "Started \x1b[36m%d\x1b[0m"}

    assert redact_personal_data(None, "info", event) == {"event": "Started server process"}


def test_a_key_nobody_allowed_is_redacted() -> None:
    out = redact_personal_data(None, "info", {"event": "saved", "next_of_kin": "Ada Lovelace"})

    assert out == {"event": "saved", "next_of_kin": REDACTED}


def test_no_personal_key_is_on_the_allow_list() -> None:
    from t2t_shared.logging import LOGGABLE_KEYS

    assert not set(PERSONAL) & LOGGABLE_KEYS


class FakeAsyncpgError(Exception):
    sqlstate = "23505"


def failing_insert() -> None:
    from sqlalchemy.exc import IntegrityError

    orig = FakeAsyncpgError(f"Key (email)=({EMAIL}) already exists.")
    raise IntegrityError("INSERT INTO people (email) VALUES ($1)", (EMAIL,), orig)


def test_a_logged_traceback_names_types_and_sqlstate_never_the_failing_row(
    json_logging: Any,
) -> None:
    configure_logging("INFO", json=True)

    try:
        try:
            failing_insert()
        except Exception as exc:
            raise RuntimeError(f"could not save {EMAIL}") from exc
    except RuntimeError:
        logging.getLogger("t2t.test.exc").exception("save failed")

    [line] = json_logging()
    assert EMAIL not in json.dumps(line)
    assert "IntegrityError (SQLSTATE 23505)" in line["exception"]
    assert "RuntimeError" in line["exception"]
    assert "failing_insert" in line["exception"]  # the stack is still there


def test_a_structlog_exception_is_formatted_safely_too(json_logging: Any) -> None:
    configure_logging("INFO", json=True)

    try:
        failing_insert()
    except Exception:
        structlog.get_logger("t2t.test.exc").exception("save failed", aggregate_id="r-1")

    [line] = json_logging()
    assert EMAIL not in json.dumps(line)
    assert "SQLSTATE 23505" in line["exception"]


def test_every_engine_hides_sql_parameters_from_error_text() -> None:
    from t2t_shared.db import create_engine, dedicated_engine

    url = "postgresql+asyncpg://u:p@127.0.0.1:1/db"
    for engine in (create_engine(url), dedicated_engine(url)):
        assert engine.sync_engine.hide_parameters
