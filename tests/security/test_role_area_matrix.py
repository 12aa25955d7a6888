"""The role x area matrix: every route of the five APIs, called as every kind of caller.

Generated from each service's OpenAPI document: `x-t2t-access` says which roles a route lets
in and what bounds each role (areas, a referrer's ODS code, a facilitator's groups). Each
answer must be exactly the documented one: 401 without a usable token, 403 for a role not
listed or a record outside the caller's scope, and otherwise "allowed": any answer but
401/403, with the role check recorded as passed (so a 404 for a made-up id still proves the
decision went the caller's way). Records are seeded in Leeds, so "out of area" and "another
practice" are tried on real rows.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from t2t_shared.http.security import ACCESS_GRANTED, EVERY_AREA
from tests.fixtures.services import Infra
from tests.security.calls import Call, Target, build
from tests.security.principals import CALLERS, Caller
from tests.security.stack import SERVICES, Api, five_apis

pytestmark = pytest.mark.integration

ALLOWED, FORBIDDEN, UNAUTHENTICATED = "allowed", "403", "401"


def expected(access: dict[str, Any], caller: Caller, target: Target | None) -> str:
    if access.get("public"):
        return ALLOWED
    if "credential" in access or caller.role is None:
        return UNAUTHENTICATED  # our bearer tokens are not the route's own credential
    if caller.role not in access["roles"]:
        return FORBIDDEN
    scope = access["scope"][caller.role]
    if EVERY_AREA in scope and "*" not in caller.areas:
        return FORBIDDEN
    if target is not None:
        if target.area and "areas" in scope and not caller.covers(target.area):
            return FORBIDDEN
        if target.ods_code and "ods_code" in scope and caller.ods_code != target.ods_code:
            return FORBIDDEN
        if target.facilitated and "volunteer_id" in scope:
            return FORBIDDEN
    return ALLOWED


def answer(status: int, state: dict[str, Any], access: dict[str, Any], caller: Caller) -> str:
    if status == 401:
        return UNAUTHENTICATED
    if status == 403:
        return FORBIDDEN
    if not access.get("public") and state.get(ACCESS_GRANTED) != caller.role:
        return f"{status} without a recorded role check"
    return ALLOWED


def operations(api: Api) -> list[tuple[str, str, dict[str, Any]]]:
    paths = api.app.openapi()["paths"]
    ops = [(m.upper(), p, op) for p, item in paths.items() for m, op in item.items()]
    # Erasures last: they would take the seeded records away from the routes after them.
    return sorted(ops, key=lambda o: (o[0] == "DELETE", o[1], o[0]))


async def run_route(
    api: Api, method: str, template: str, operation: dict[str, Any], schema: dict[str, Any]
) -> tuple[list[str], int, Counter[str]]:
    """Mismatches for one route, how many callers were tried on a scoped record, and the
    answers."""
    access = operation["x-t2t-access"]
    call = build(method, template, operation, schema, api.seeded, api.bodies)
    tried = {c.name: await _try(api, call, c, access) for c in _denied_first(access, call)}
    results = {name: result for name, (result, _) in tried.items()}
    target = call.target
    if call.body is not None and target is not None and tried["admin"][1] == 422:
        # The body never got past validation, so the record's scope was never looked at.
        target = None
    mismatches = []
    for caller in CALLERS:
        want, got = expected(access, caller, target), results[caller.name]
        if want != got:
            mismatches.append(f"{method} {template} as {caller.name}: documented {want}, got {got}")
    scoped = len(CALLERS) if target is not None else 0
    return mismatches, scoped, Counter(results.values())


def _denied_first(access: dict[str, Any], call: Call) -> list[Caller]:
    return sorted(CALLERS, key=lambda c: expected(access, c, call.target) == ALLOWED)


async def _try(api: Api, call: Call, caller: Caller, access: dict[str, Any]) -> tuple[str, int]:
    response = await api.client.request(
        call.method, call.path, params=call.params, json=call.body, headers=caller.headers()
    )
    return answer(response.status_code, api.recorder.state, access, caller), response.status_code


@pytest.fixture(scope="module")
async def apis(infra: Infra, smtp_catcher: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    async with five_apis(infra, smtp_catcher, tmp_path_factory.mktemp("matrix")) as running:
        yield running


@pytest.mark.parametrize("service", SERVICES)
async def test_every_route_answers_every_caller_as_documented(
    apis: dict[str, Api], service: str, capsys: pytest.CaptureFixture[str]
) -> None:
    api = apis[service]
    schema = api.app.openapi()
    mismatches: list[str] = []
    routes, scoped = 0, 0
    answers: Counter[str] = Counter()
    for method, template, operation in operations(api):
        found, on_record, answered = await run_route(api, method, template, operation, schema)
        mismatches += found
        routes += 1
        scoped += on_record
        answers += answered
    with capsys.disabled():
        print(
            f"\n{service}: {routes} routes x {len(CALLERS)} callers = {routes * len(CALLERS)} "
            f"cells ({scoped} on a seeded Leeds record or area); answers: "
            + ", ".join(f"{answer} {n}" for answer, n in sorted(answers.items()))
        )
    assert mismatches == [], "\n".join(mismatches)
