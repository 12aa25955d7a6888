"""`python -m <service> serve`: uvloop and httptools, and the start-up heap frozen once built."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI

from t2t_shared.service_main import _built_then_frozen

built: list[FastAPI] = []


def make_app() -> FastAPI:
    app = FastAPI()
    built.append(app)
    return app


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_the_app_is_built_then_the_heap_frozen_on_uvloop_and_httptools() -> None:
    config = uvicorn.Config(
        _built_then_frozen(f"{__name__}:make_app"), factory=True, loop="uvloop", http="httptools"
    )
    config.load()

    assert built, "the factory was not called"
    assert gc.get_freeze_count() > 0
    assert config.http_protocol_class.__module__.endswith("httptools_impl")
