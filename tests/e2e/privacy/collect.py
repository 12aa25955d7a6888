"""Read every place a canary must not be into `{where: text}`: the console's API answers,
each service's metrics, the topics ops can read, every table, every log line."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.privacy.allowed import searched_topic
from tests.e2e.privacy.client import Api
from tests.fixtures import canary_places

# Used when the console publishes no OpenAPI document (as in production).
CONSOLE_PATHS = (
    "/api/status",
    "/api/feed",
    "/api/funnel",
    "/api/capacity",
    "/api/volunteers",
    "/api/notifications",
    "/api/lag",
    "/api/dlq",
    "/api/dlq/audit",
)
# Values for the path and query parameters console routes may need.
PARAMETERS = {"area": "leeds", "ods_code": "B82005"}
SERVICES = ("ops", "referrals", "groups", "volunteers", "notifications")


async def console(api: Api) -> dict[str, str]:
    """Every GET of the console's `/api`, as ops sees it; each dead letter, revealed too."""
    places: dict[str, str] = {}
    for path, query in await _console_routes(api):
        if "{message_id}" in path:
            continue  # below, once per dead letter
        concrete = _fill(path)
        if concrete is None:
            continue
        response = await api.raw("GET", "ops", concrete, role="ops", params=query)
        places[f"console:GET {concrete} ({response.status_code})"] = response.text
    letters = await api.call("GET", "ops", "/api/dlq", role="ops")
    for letter in letters.get("messages", []):
        for reveal in ("false", "true"):
            path = f"/api/dlq/messages/{letter['id']}"
            response = await api.raw("GET", "ops", path, role="ops", params={"reveal": reveal})
            places[f"console:GET {path}?reveal={reveal} ({response.status_code})"] = response.text
    return places


async def _console_routes(api: Api) -> list[tuple[str, dict[str, str]]]:
    response = await api.raw("GET", "ops", "/openapi.json", role="ops")
    if response.status_code != 200:
        return [(path, {}) for path in CONSOLE_PATHS]
    routes = []
    for path, operations in response.json().get("paths", {}).items():
        get = operations.get("get")
        if not path.startswith("/api") or get is None:
            continue
        routes.append((path, _required_query(get)))
    return routes


def _required_query(operation: dict[str, Any]) -> dict[str, str]:
    query = {}
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query" and parameter.get("required"):
            query[parameter["name"]] = PARAMETERS.get(parameter["name"], "")
    return query


def _fill(path: str) -> str | None:
    names = re.findall(r"{(\w+)}", path)
    if any(name not in PARAMETERS for name in names):
        return None
    for name in names:
        path = path.replace(f"{{{name}}}", PARAMETERS[name])
    return path


async def metrics(api: Api) -> dict[str, str]:
    places = {}
    for service in SERVICES:
        response = await api.raw("GET", service, "/metrics", role="ops")
        places[f"metrics:{service} ({response.status_code})"] = response.text
    return places


async def topics(bootstrap: str, prefix: str) -> tuple[dict[str, str], list[str]]:
    """The records of every topic ops may read, and the names of the topics searched."""
    names = [t for t in await canary_places.topic_names(bootstrap, prefix) if searched_topic(t)]
    return await canary_places.topic_records(bootstrap, names), names


async def tables(database_urls: dict[str, str]) -> dict[str, str]:
    places: dict[str, str] = {}
    for url in database_urls.values():
        places.update(await canary_places.table_cells(url))
    return places
