"""The practice register over the real database and broker: import all or nothing,
idempotent, PracticeRegistered only on a change; referrals checked against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa

from referrals.adapters import orm
from tests.fixtures.services import Infra, auth

from .db_support import SAMPLE, sample_lines
from .register_support import Service, running_service

pytestmark = pytest.mark.integration

ADMIN = auth("admin", ["*"])
LEEDS = auth("coordinator", ["leeds"])
SAMPLE_PRACTICES = 136  # GP practices in the sample; one walk-in centre row is not one


@pytest.fixture(scope="module")
async def service(infra: Infra) -> AsyncIterator[Service]:
    async with running_service(infra) as s:
        imported = await s.client.post(
            "/practices/import", content=SAMPLE.read_bytes(), headers=ADMIN
        )
        assert imported.status_code == 200, imported.text
        assert imported.json() == {
            "practices": SAMPLE_PRACTICES,
            "added": SAMPLE_PRACTICES,
            "changed": 0,
            "unchanged": 0,
            "skipped": 1,
        }
        yield s


async def practices(service: Service) -> dict[str, Any]:
    async with service.container.uow() as uow:
        rows = await uow.session.execute(sa.select(orm.referrers))
        return {r.ods_code: (r.name, r.area, r.status, r.email) for r in rows}


async def test_each_practice_is_registered_in_the_area_of_its_postcode(service: Service) -> None:
    [event] = await service.events("B82005", at_least=1)
    assert event["ce_type"] == "t2t.referrals.PracticeRegistered.v1"
    assert (event["name"], event["area"], event["status"]) == (
        "HYDE PARK SURGERY",
        "leeds",
        "active",
    )
    assert event["postcode_district"] == "LS6"
    stored = await practices(service)
    assert stored["C84001"][1:3] == ("bradford", "active")
    assert stored["C84002"][1] == "wakefield"
    assert stored["B86090"][2] == "closed"
    assert stored["P84001"][1] is None  # Manchester: in no area of this deployment
    assert "Y03123" not in stored  # a walk-in centre, not a GP practice
    [outside] = await service.events("P84001", at_least=1)
    assert outside["area"] is None


async def test_importing_the_same_file_again_changes_and_publishes_nothing(
    service: Service,
) -> None:
    # Back to the sample as it is, whatever other tests of the module changed.
    restored = await service.client.post(
        "/practices/import", content=SAMPLE.read_bytes(), headers=ADMIN
    )
    assert restored.status_code == 200, restored.text
    before = await practices(service)
    again = await service.client.post(
        "/practices/import", content=SAMPLE.read_bytes(), headers=ADMIN
    )
    assert again.json()["unchanged"] == SAMPLE_PRACTICES
    assert (again.json()["added"], again.json()["changed"]) == (0, 0)
    assert await practices(service) == before
    # A rename after the repeat, on the same key: once it is on the topic, anything the
    # repeat had published would be there before it.
    renamed = sample_lines("B80007").replace(b"OAK FAMILY PRACTICE", b"OAK FAMILY SURGERY")
    answer = await service.client.post("/practices/import", content=renamed, headers=ADMIN)
    assert answer.json()["changed"] == 1, answer.text
    events = await service.events("B80007", at_least=2)
    assert [e["name"] for e in events] == ["OAK FAMILY PRACTICE", "OAK FAMILY SURGERY"]


async def test_a_changed_practice_is_published_again(service: Service) -> None:
    # B80006: a practice no other test of the module looks at.
    renamed = sample_lines("B80006").replace(b'"A","B"', b'"D","B"')
    renamed = renamed.replace(b"MEDICAL", b"NEW MEDICAL")
    answer = await service.client.post("/practices/import", content=renamed, headers=ADMIN)
    assert answer.json()["changed"] == 1, answer.text
    first, second = await service.events("B80006", at_least=2)
    assert second["status"] == "dormant"
    assert second["name"] != first["name"]
    assert second["registered_at"] > first["registered_at"]


@pytest.mark.parametrize(
    ("damage", "line", "reason"),
    [
        (lambda good, bad: good + bad.rsplit(b",", 5)[0] + b"\r\n", 2, "27 columns, found 22"),
        (lambda good, bad: good + bad.replace(b'","', b'";"', 1), 2, "not valid CSV"),
        (lambda good, bad: good + bad.replace(b'"A","B"', b'"X","B"'), 2, "column 13: status 'X'"),
        (lambda good, bad: good + bad.replace(b'"WF', b'"NOT A', 1), 2, "column 10"),
        (lambda good, bad: good + bad + good, 3, "appears twice"),
        (lambda good, bad: good + bad[:60], 2, "not complete (file truncated?)"),
        (lambda good, bad: good + b"\r\n" + bad, 2, "empty line"),
    ],
)
async def test_a_malformed_or_partial_file_is_refused_whole(
    service: Service, damage: Any, line: int, reason: str
) -> None:
    # The first line would rename a practice: refused with the rest, it must not be.
    good = sample_lines("B82005").replace(b"HYDE PARK SURGERY", b"RENAMED SURGERY")
    before = await practices(service)
    answer = await service.client.post(
        "/practices/import", content=damage(good, sample_lines("C84002")), headers=ADMIN
    )
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["field"] == "file"
    assert error["reason"].startswith(f"line {line}: ")
    assert reason in error["reason"]
    assert await practices(service) == before


async def test_only_an_admin_imports(service: Service) -> None:
    answer = await service.client.post(
        "/practices/import", content=SAMPLE.read_bytes(), headers=LEEDS
    )
    assert answer.status_code == 403
