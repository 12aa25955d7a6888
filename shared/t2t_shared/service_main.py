"""`python -m <service> migrate|serve`: the same two commands for every service."""

from __future__ import annotations

import sys
from collections.abc import Callable

import uvicorn

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
        app_factory,
        factory=True,
        host=settings.host,
        port=settings.port,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )
    return 0
