"""The composition root: settings, the services' API clients and the page renderer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from portal.adapters.api import Apis, make_apis
from portal.config import Settings


@dataclass
class Container:
    settings: Settings
    apis: Apis
    oidc_client_kwargs: dict[str, Any] | None = None


def bootstrap(
    settings: Settings | None = None,
    *,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    oidc_client_kwargs: dict[str, Any] | None = None,
) -> Container:
    settings = settings or Settings()
    apis = make_apis(settings.api_urls(), settings.api_timeout_s, transports)
    return Container(settings, apis, oidc_client_kwargs)
