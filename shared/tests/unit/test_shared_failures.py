"""Where a failed event goes: the retry topic with growing delays, then the DLQ."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import AfterValidator, BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError

from t2t_shared.envelope import MalformedEnvelope, header_value
from t2t_shared.messaging.failures import (
    ATTEMPT,
    CONSUMER,
    ERROR,
    FAILURE_HEADERS,
    ORIGINAL_OFFSET,
    ORIGINAL_PARTITION,
    ORIGINAL_TOPIC,
    REASON,
    RETRY_AT,
    VALUE_WITHHELD,
    FailureRoute,
    PermanentHandlerError,
    describe_error,
    route_failure,
)
from t2t_shared.messaging.provenance import UntrustedRecord

DELAYS = (1.0, 5.0, 30.0)
NOW = 1_800_000_000.0
RETRY, DLQ = "t2t.notifications.retry", "t2t.notifications.dlq"
CE_HEADERS: list[tuple[str, bytes | None]] = [
    ("ce_id", b"e-1"),
    ("ce_type", b"t2t.referrals.ReferralReceived.v1"),
    ("traceparent", b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
]
EMAIL = "philippa.ramsbottom@example.org"
NHS_NUMBER = "943 476 5919"


def fail(
    attempt: int,
    *,
    exc: BaseException | None = None,
    headers: list[tuple[str, bytes | None]] | None = None,
    source_topic: str = "t2t.referrals.events",
    partition: int = 2,
    offset: int = 41,
    delays: tuple[float, ...] = DELAYS,
    withhold_value: bool = False,
) -> FailureRoute:
    return route_failure(
        consumer="notifications",
        retry_topic=RETRY,
        dlq_topic=DLQ,
        delays_s=delays,
        attempt=attempt,
        exc=exc or RuntimeError("SMTP timed out"),
        source_topic=source_topic,
        partition=partition,
        offset=offset,
        headers=CE_HEADERS if headers is None else headers,
        now=NOW,
        withhold_value=withhold_value,
    )


def value(route: FailureRoute, name: str) -> str | None:
    return header_value(route.headers, name)


def test_a_first_failure_goes_to_the_retry_topic_after_the_first_delay() -> None:
    route = fail(0)

    assert (route.topic, route.dead) == (RETRY, False)
    assert value(route, RETRY_AT) == f"{NOW + 1.0:.3f}"
    assert value(route, ATTEMPT) == "1"
    assert value(route, ORIGINAL_TOPIC) == "t2t.referrals.events"
    assert value(route, ORIGINAL_PARTITION) == "2"
    assert value(route, ORIGINAL_OFFSET) == "41"
    assert value(route, CONSUMER) == "notifications"
    # Only the type: a handler's own exception text may quote what it was handling.
    assert value(route, ERROR) == "RuntimeError"


@pytest.mark.parametrize(("attempt", "delay"), [(0, 1.0), (1, 5.0), (2, 30.0)])
def test_each_retry_waits_the_delay_of_its_attempt(attempt: int, delay: float) -> None:
    route = fail(attempt)

    assert route.topic == RETRY
    assert float(value(route, RETRY_AT) or 0) == pytest.approx(NOW + delay)
    assert value(route, ATTEMPT) == str(attempt + 1)


def test_the_cloud_event_headers_travel_with_the_retry() -> None:
    route = fail(0)

    for name, raw in CE_HEADERS:
        assert raw is not None
        assert value(route, name) == raw.decode()


def test_retries_keep_the_original_position_and_dead_letter_after_the_last_delay() -> None:
    # Each hop re-reads the record from the retry topic: new topic, partition and offset.
    route = fail(0)
    hops = [route]
    for hop_offset in (7, 8, 9):
        attempt = int(value(hops[-1], ATTEMPT) or 0)
        hops.append(
            fail(
                attempt,
                headers=hops[-1].headers,
                source_topic=RETRY,
                partition=0,
                offset=hop_offset,
            )
        )

    assert [h.topic for h in hops] == [RETRY, RETRY, RETRY, DLQ]
    assert [value(h, ATTEMPT) for h in hops] == ["1", "2", "3", "4"]
    assert [value(h, RETRY_AT) for h in hops] == [
        f"{NOW + 1:.3f}",
        f"{NOW + 5:.3f}",
        f"{NOW + 30:.3f}",
        None,
    ]
    last = hops[-1]
    assert last.dead is True
    assert value(last, ORIGINAL_TOPIC) == "t2t.referrals.events"
    assert value(last, ORIGINAL_PARTITION) == "2"
    assert value(last, ORIGINAL_OFFSET) == "41"
    for name in FAILURE_HEADERS:
        assert [k for k, _ in last.headers].count(name) <= 1, name


@pytest.mark.parametrize(
    "exc",
    [
        PermanentHandlerError("unknown group"),
        MalformedEnvelope("missing CloudEvents headers: ce_id"),
    ],
    ids=["permanent", "malformed"],
)
def test_permanent_errors_go_straight_to_the_dlq(exc: BaseException) -> None:
    route = fail(0, exc=exc)

    assert (route.topic, route.dead) == (DLQ, True)
    assert value(route, RETRY_AT) is None
    assert value(route, ATTEMPT) == "1"


class Contact(BaseModel):
    email: int
    nhs_number: int


def must_be_short(value: str) -> str:
    raise ValueError(f"{value} is not acceptable")


class Shouty(BaseModel):
    email: Annotated[str, AfterValidator(must_be_short)]


def contact_error() -> ValidationError:
    try:
        Contact.model_validate({"email": EMAIL, "nhs_number": NHS_NUMBER})
    except ValidationError as exc:
        return exc
    raise AssertionError("expected a ValidationError")


def test_a_validation_error_goes_straight_to_the_dlq() -> None:
    route = fail(0, exc=contact_error())

    assert (route.topic, route.dead) == (DLQ, True)


def test_describe_error_never_quotes_validation_inputs() -> None:
    exc = contact_error()
    assert EMAIL in str(exc)
    assert NHS_NUMBER in str(exc)

    described = describe_error(exc)

    assert EMAIL not in described
    assert NHS_NUMBER not in described
    assert "9434765919" not in described
    assert described == "ValidationError: email: int_parsing; nhs_number: int_parsing"


def test_describe_error_drops_a_validator_message_that_quotes_the_input() -> None:
    try:
        Shouty(email=EMAIL)
    except ValidationError as exc:
        described = describe_error(exc)
    assert EMAIL not in described
    assert described == "ValidationError: email: value_error"


def test_the_dlq_error_header_does_not_quote_validation_inputs() -> None:
    route = fail(0, exc=contact_error())

    error = value(route, ERROR) or ""
    assert error.startswith("ValidationError")
    assert EMAIL not in error
    assert NHS_NUMBER not in error


def test_describe_error_is_short() -> None:
    described = describe_error(PermanentHandlerError("x" * 2000))

    assert len(described) == 500
    assert described.startswith("PermanentHandlerError: xxx")


class FakeAsyncpgError(Exception):
    sqlstate = "23505"


def database_error() -> BaseException:
    """What SQLAlchemy raises for a unique violation: its text quotes the failing row."""
    orig = FakeAsyncpgError(f"Key (email)=({EMAIL}) already exists.")
    return IntegrityError("INSERT INTO people ...", {"email": EMAIL}, orig)


def test_a_database_error_is_described_by_its_type_and_sqlstate_only() -> None:
    assert describe_error(database_error()) == "IntegrityError (SQLSTATE 23505)"


def test_a_database_error_behind_another_is_still_only_its_sqlstate() -> None:
    try:
        try:
            raise database_error()
        except IntegrityError as exc:
            raise RuntimeError(f"could not save {EMAIL}") from exc
    except RuntimeError as outer:
        described = describe_error(outer)

    assert described == "RuntimeError (SQLSTATE 23505)"
    assert EMAIL not in described


def test_any_other_error_is_described_by_its_type_only() -> None:
    assert describe_error(ValueError(f"bad mobile {NHS_NUMBER}")) == "ValueError"


def test_a_contact_record_failure_says_the_value_was_withheld_and_where_it_is() -> None:
    route = fail(0, source_topic="t2t.referrals.contacts", withhold_value=True)

    assert route.withheld
    note = value(route, VALUE_WITHHELD) or ""
    assert "re-read" in note
    assert "compacted contacts topic" in note


def test_an_event_failure_keeps_its_value() -> None:
    route = fail(0)

    assert not route.withheld
    assert value(route, VALUE_WITHHELD) is None


def test_an_untrusted_record_is_dead_at_once_with_its_reason_code() -> None:
    route = fail(0, exc=UntrustedRecord("source_mismatch", "ce_source is not the owner"))

    assert route.dead
    assert value(route, REASON) == "source_mismatch"


def test_with_no_delays_configured_the_first_failure_is_dead() -> None:
    route = fail(0, delays=())

    assert (route.topic, route.dead) == (DLQ, True)
