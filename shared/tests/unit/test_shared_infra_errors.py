"""Which errors are the infrastructure's (retried in place) and which are the event's."""

from __future__ import annotations

import pytest
import sqlalchemy.exc as sa_exc
from aiokafka.errors import KafkaConnectionError
from pydantic import BaseModel, ValidationError

from t2t_shared.messaging.failures import PermanentHandlerError
from t2t_shared.messaging.infra import is_infrastructure_error
from t2t_shared.messaging.routes import ReceivedEvent, Routes, UnknownEventVersion


class PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def dbapi(sqlstate: str) -> sa_exc.DBAPIError:
    return sa_exc.DBAPIError("SELECT 1", {}, PgError(sqlstate))


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(),
        TimeoutError(),
        KafkaConnectionError(),
        dbapi("57014"),  # statement_timeout
        dbapi("55P03"),  # lock_timeout
        dbapi("08006"),  # connection failure
        dbapi("57P01"),  # admin shutdown (failover)
        dbapi("40001"),  # serialization failure
        sa_exc.TimeoutError("QueuePool limit reached"),
    ],
)
def test_infrastructure_faults_are_recognised(error: Exception) -> None:
    assert is_infrastructure_error(error)


def test_a_wrapped_connection_error_is_recognised() -> None:
    outer = RuntimeError("handler gave up")
    outer.__cause__ = ConnectionResetError()

    assert is_infrastructure_error(outer)


class Model(BaseModel):
    n: int


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("bug"),
        PermanentHandlerError("unknown group"),
        dbapi("23505"),  # unique violation: the data's fault
        dbapi("22P02"),  # invalid text representation
    ],
)
def test_handler_errors_are_not(error: Exception) -> None:
    assert not is_infrastructure_error(error)


def test_a_validation_error_is_not() -> None:
    with pytest.raises(ValidationError) as caught:
        Model.model_validate({"n": "x"})
    assert not is_infrastructure_error(caught.value)


async def handler(event: ReceivedEvent) -> None:
    return None


def test_another_major_version_of_a_handled_type_is_refused() -> None:
    routes = Routes()
    routes.add("t", "t2t.a.ThingHappened.v1", handler)

    assert routes.resolve("t", "t2t.a.ThingHappened.v1") is handler
    assert routes.resolve("t", "t2t.a.OtherThing.v1") is None
    with pytest.raises(UnknownEventVersion):
        routes.resolve("t", "t2t.a.ThingHappened.v2")


def test_a_catch_all_route_takes_every_version() -> None:
    routes = Routes()
    routes.add("t", "*", handler)

    assert routes.resolve("t", "t2t.a.ThingHappened.v7") is handler
    assert routes.resolve("t", None) is handler
