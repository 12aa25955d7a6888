"""Read every place a canary must not be into `{where: text}`: the console's API answers,
each service's metrics, the topics ops can read, every table, every log line."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.privacy.allowed import searched_topic
from tests.e2e.privacy.client import Api, headers_for
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


async def console(api: Api, phase: str) -> dict[str, str]:
    """Every GET of the console's `/api`, as ops sees it; each dead letter, revealed too, and
    what a redrive of the dead letters would send (a dry run)."""
    places: dict[str, str] = {}
    for path, query in await _get_routes(api, "ops", CONSOLE_PATHS):
        concrete = _fill(path, PARAMETERS) if path.startswith("/api") else None
        if concrete is None:
            continue  # dead letters below, once each
        response = await api.raw("GET", "ops", concrete, role="ops", params=query)
        places[f"console {phase}:GET {concrete} ({response.status_code})"] = response.text
    letters = await api.call("GET", "ops", "/api/dlq", role="ops")
    for letter in letters.get("messages", []):
        for reveal in ("false", "true"):
            path = f"/api/dlq/messages/{letter['id']}"
            response = await api.raw("GET", "ops", path, role="ops", params={"reveal": reveal})
            where = f"console {phase}:GET {path}?reveal={reveal} ({response.status_code})"
            places[where] = response.text
        dry_run = {"ids": [letter["id"]], "dry_run": True}
        response = await api.client.post(
            api.urls["ops"] + "/api/dlq/redrive", json=dry_run, headers=headers_for("ops")
        )
        where = f"console {phase}:POST /api/dlq/redrive dry run ({response.status_code})"
        places[where] = response.text
    return places


async def ops_answers(api: Api, phase: str, ids: dict[str, str]) -> dict[str, str]:
    """Every GET route of the other services that an ops token is given: ops sees no one."""
    places: dict[str, str] = {}
    for service in SERVICES[1:]:
        for path, query in await _get_routes(api, service, ()):
            concrete = _fill(path, {**PARAMETERS, **ids})
            if concrete is None:
                continue
            response = await api.raw("GET", service, concrete, role="ops", params=query)
            if response.status_code == 200:
                places[f"ops reads {phase}:GET {service}{concrete}"] = response.text
    return places


async def _get_routes(
    api: Api, service: str, fallback: tuple[str, ...]
) -> list[tuple[str, dict[str, str]]]:
    response = await api.raw("GET", service, "/openapi.json", role="ops")
    if response.status_code != 200:
        return [(path, {}) for path in fallback]
    routes = []
    for path, operations in response.json().get("paths", {}).items():
        if "get" in operations and path not in ("/metrics", "/healthz", "/readyz"):
            routes.append((path, _required_query(operations["get"])))
    return routes


def _required_query(operation: dict[str, Any]) -> dict[str, str]:
    query = {}
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query" and parameter.get("required"):
            query[parameter["name"]] = PARAMETERS.get(parameter["name"], "")
    return query


def _fill(path: str, values: dict[str, str]) -> str | None:
    names = re.findall(r"{(\w+)}", path)
    if any(name not in values for name in names):
        return None
    for name in names:
        path = path.replace(f"{{{name}}}", values[name])
    return path


async def metrics(api: Api, phase: str) -> dict[str, str]:
    places = {}
    for service in SERVICES:
        response = await api.raw("GET", service, "/metrics", role="ops")
        places[f"metrics {phase}:GET {service}/metrics ({response.status_code})"] = response.text
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
