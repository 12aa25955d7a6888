"""`python -m <service> migrate|serve`: the same two commands for every service."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from typing import Any

import uvicorn
from uvicorn.importer import import_from_string

from t2t_shared.logging import configure_logging
from t2t_shared.migrations import upgrade
from t2t_shared.settings import ServiceSettings

USAGE = "usage: python -m {name} migrate|serve"


def run(
    *,
    package: str,
    settings_factory: Callable[[], ServiceSettings],
    app_factory: str,
    argv: list[str] | None = None,
) -> int:
    """`app_factory` is uvicorn's `module:function` path of the service's app factory."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in {"migrate", "serve"}:
        print(USAGE.format(name=package), file=sys.stderr)  # noqa: T201
        return 2
    settings = settings_factory()
    configure_logging(settings.log_level, json=settings.log_json)
    if args[0] == "migrate":
        upgrade(package, settings.sqlalchemy_url)
        return 0
    uvicorn.run(
        _built_then_frozen(app_factory),
        factory=True,
        # uvloop and httptools (uvicorn[standard]): the consumers and the relay run on
        # this loop too.
        loop="uvloop",
        http="httptools",
        host=settings.host,
        port=settings.port,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )
    return 0


def _built_then_frozen(app_factory: str) -> Callable[[], Any]:
    def build() -> Any:
        app = import_from_string(app_factory)()
        freeze_startup_heap()
        return app

    return build


def freeze_startup_heap() -> None:
    """Once the app is built: the collector no longer walks what start-up made.

    A service holds about 150,000 tracked objects after start-up (modules, classes,
    schemas), nearly all alive for good; a full collection walked them all, a pause of
    tens of milliseconds (200 on this loaded 2-core machine) in the middle of a request.
    Start-up's own garbage is collected first, so none of it is kept for good.
    """
    gc.collect()
    gc.freeze()
