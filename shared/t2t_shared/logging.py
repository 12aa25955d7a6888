# Over 200 lines: the allow-list of loggable keys and every way an exception is described
# must be read together; a second module would let one change without the other.
"""Structured JSON logs that carry event ids and never personal data.

Redaction is an allow-list: a key not named in `LOGGABLE_KEYS` has its value replaced.
Exceptions are formatted before redaction, by type and SQLSTATE only, never their text.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import MutableMapping
from typing import Any

import structlog

# What a log line may carry: ids, types, counts, places in the code. Every other key's
# value is replaced, so a new field is safe until someone decides it may be logged.
LOGGABLE_KEYS = frozenset(
    {
        # structlog's own and the renderer's
        "event",
        "level",
        "logger",
        "timestamp",
        "exception",
        # ids and types of what is being handled
        "event_id",
        "event_type",
        "aggregate_id",
        "referral_id",
        "volunteer_id",
        "subject_id",
        "outbox_id",
        "request_id",
        "redrive_id",
        "consumer",
        "attempt",
        "topic",
        "topics",
        "partitions",
        "group",
        "sent_to",
        "service",
        "job",
        "provider",
        "table",
        "version",
        "channel",
        # requests
        "method",
        "path",
        "route",
        "status",
        # outcomes and figures
        "error",
        "reason",
        "outcome",
        "count",
        "rows",
        "records",
        "rounds",
        "notices",
        "new",
        "s",
        "retry_in_s",
        "fields",
        "dry_run",
        "capacity",
        "sessions_attended",
        "satisfactory",
        "received_on",
        "completed_on",
        "examples",
    }
)
# Never loggable; kept to check the allow-list against (a test does).
PERSONAL_KEYS = frozenset(
    {
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
    }
)
REDACTED = "[redacted]"
# structlog's bookkeeping, removed before rendering.
_META = frozenset({"_record", "_from_structlog"})


def sqlstate(exc: BaseException) -> str | None:
    """The PostgreSQL error code behind an error, at any depth, if there is one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        for candidate in (current, getattr(current, "orig", None)):
            code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
            if isinstance(code, str):
                return code
        current = current.__cause__ or current.__context__
    return None


def describe_exception(exc: BaseException) -> str:
    """An exception by its type (and SQLSTATE): its message may quote a failing row."""
    code = sqlstate(exc)
    name = f"{type(exc).__module__}.{type(exc).__qualname__}".removeprefix("builtins.")
    return f"{name} (SQLSTATE {code})" if code else name


def safe_traceback(exc: BaseException) -> str:
    """The stack of each exception in the chain, each described by type only."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__)
        parts.append(
            "Traceback (most recent call last):\n"
            + "".join(traceback.format_list(frames))
            + describe_exception(current)
        )
        current = current.__cause__ or current.__context__
    return "\n\nwhich was raised while handling, or from:\n".join(reversed(parts))


def format_exceptions_safely(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Turn `exc_info` into text before redaction runs, never quoting exception messages."""
    exc_info = event_dict.pop("exc_info", None)
    if exc_info:
        if exc_info is True:
            exc_info = sys.exc_info()
        exc = exc_info if isinstance(exc_info, BaseException) else exc_info[1]
        if exc is not None:
            event_dict["exception"] = safe_traceback(exc)
    event_dict.pop("stack_info", None)
    return event_dict


def redact_personal_data(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Keep the allow-listed keys (at any depth); replace the value of every other."""
    # uvicorn repeats each message with terminal colour codes; one copy is enough.
    event_dict.pop("color_message", None)
    for key, value in list(event_dict.items()):
        if key in _META:
            continue
        event_dict[key] = _redact(value) if _loggable(key) else REDACTED
    return event_dict


def _loggable(key: object) -> bool:
    return str(key).lower() in LOGGABLE_KEYS


def _redact(value: Any) -> Any:
    """A nested dict is no hiding place: its keys are held to the same list."""
    if isinstance(value, dict):
        return {k: _redact(v) if _loggable(k) else REDACTED for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_redact(v) for v in value)
    return value


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    """Route stdlib and structlog through one JSON renderer (console renderer for humans)."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        # Formatted first, then redacted: a traceback is text by the time redaction sees it.
        format_exceptions_safely,
        redact_personal_data,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # aiokafka reports every broker hiccup at ERROR with stack traces; our relay says it once.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
