"""A one-line hint instead of a traceback when the broker (or a database) does not answer."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from aiokafka.errors import KafkaConnectionError

from t2t_shared.settings import PlatformSettings

P = ParamSpec("P")
R = TypeVar("R")


class _SaidByTheHint(logging.Filter):
    """aiokafka logs each failed connection; the hint says it once, with what to do."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith('Unable connect to "')


# Distinct from 1 (nothing matched, refused) and 2 (bad usage), so scripts can tell.
UNREACHABLE = 3


def hint(bootstrap: str) -> str:
    return (
        f"Cannot reach the Kafka broker at {bootstrap} (T2T_KAFKA_BOOTSTRAP). Start the local "
        "stack with `make run` (or `uv run t2t up`), or set T2T_KAFKA_BOOTSTRAP to a broker "
        "that answers."
    )


def needs_broker(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command that reads or writes the topics (typer still sees its parameters)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        logging.getLogger("aiokafka").addFilter(_SaidByTheHint())
        try:
            return command(*args, **kwargs)
        except KafkaConnectionError as exc:
            typer.echo(hint(PlatformSettings().kafka_bootstrap), err=True)
            raise typer.Exit(UNREACHABLE) from exc

    return run
