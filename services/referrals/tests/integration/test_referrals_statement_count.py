"""Round trips to PostgreSQL of one accepted referral, counted on the real database.

A count, not a timing: each statement costs a round trip, a wake of the backend and the
session layer's work around it, which under load is most of a referral's CPU. These
tests fail when a change adds statements to the write path, so it is noticed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from referrals.adapters import orm
from referrals.bootstrap import Container, bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from tests.fixtures.services import Infra, auth, unique_prefix

from .db_support import register

pytestmark = pytest.mark.integration

COORDINATOR = auth("coordinator", ["leeds"])


@dataclass
class Trips:
    """What the engine sent: statements, and the transactions' BEGIN and COMMIT/ROLLBACK."""

    statements: list[str] = field(default_factory=list)
    transactions: int = 0

    @property
    def round_trips(self) -> int:
        return len(self.statements) + 2 * self.transactions


@contextmanager
def counting(container: Container) -> Iterator[Trips]:
    """Statements through the session (SQLAlchemy's events) and those the hot path sends
    straight through asyncpg on the session's connection (asyncpg's query logger, which
    sees only those: SQLAlchemy's own go through prepared statements it does not log)."""
    engine = container.runtime.engine.sync_engine
    trips = Trips()
    drivers: list[Any] = []

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        trips.statements.append(statement)

    def on_begin(_conn: Any) -> None:
        trips.transactions += 1

    def on_driver_query(record: Any) -> None:
        # The transaction's own BEGIN and COMMIT are counted as the transaction.
        if not record.query.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            trips.statements.append(record.query)

    def on_checkout(dbapi_connection: Any, *_: Any) -> None:
        driver = dbapi_connection.driver_connection
        driver.add_query_logger(on_driver_query)
        drivers.append(driver)

    sa.event.listen(engine, "before_cursor_execute", on_statement)
    sa.event.listen(engine, "begin", on_begin)
    sa.event.listen(engine, "checkout", on_checkout)
    try:
        yield trips
    finally:
        sa.event.remove(engine, "before_cursor_execute", on_statement)
        sa.event.remove(engine, "begin", on_begin)
        sa.event.remove(engine, "checkout", on_checkout)
        for driver in drivers:
            driver.remove_query_logger(on_driver_query)


@pytest.fixture(scope="module")
async def client(infra: Infra) -> AsyncIterator[tuple[Container, httpx.AsyncClient]]:
    url = await infra.migrated_database("referrals")
    container = bootstrap(Settings(**infra.settings_kwargs(url, unique_prefix())))
    await register(container, "B82005")
    transport = httpx.ASGITransport(app=create_app(container))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://referrals") as http:
            # Once per connection asyncpg looks up the types a statement uses (its own
            # queries, which the counter would see): a running service has done so already.
            warm = gp_referral("Warmup", nhs_number="9434765919")
            made = await http.post(
                "/referrals", json=warm, headers={**COORDINATOR, "Idempotency-Key": "warm"}
            )
            assert made.status_code == 201, made.text
            yield container, http
    finally:
        await container.runtime.engine.dispose()


def gp_referral(family_name: str, *, nhs_number: str | None = None) -> dict[str, Any]:
    return {
        "source": "gp",
        "area": "leeds",
        "referrer": {"ods_code": "B82005"},
        "person": {
            "given_name": "Sam",
            "family_name": family_name,
            "date_of_birth": "1961-04-12",
            "postcode": "LS6 2AB",
            "nhs_number": nhs_number,
            "email": f"{family_name.lower()}@example.org",
            "mobile": "07700 900123",
        },
        "consent": {"contact": True},
    }


async def outbox_rows(container: Container) -> int:
    async with container.uow() as uow:
        return int(await uow.session.scalar(sa.select(sa.func.count()).select_from(orm.outbox)))


async def test_a_gp_referral_costs_one_transaction_of_few_statements(
    client: tuple[Container, httpx.AsyncClient],
) -> None:
    container, http = client
    await http.post("/referrals", json=gp_referral("Warm"), headers=COORDINATOR)
    before = await outbox_rows(container)
    with counting(container) as trips:
        made = await http.post("/referrals", json=gp_referral("Counted"), headers=COORDINATOR)
    assert made.status_code == 201, made.text
    # The contact record, ReferralReceived v2 and its deprecated v1 copy.
    assert await outbox_rows(container) == before + 3
    # Lock the identities; read the practice, the key and the open matches; insert the
    # person, their contacts-record count and the referral; insert the outbox rows.
    # (Before this was counted there were 9: a statement for each of those, and one for
    # each outbox row.)
    assert trips.transactions == 1
    assert len(trips.statements) == 4, trips.statements
    assert trips.round_trips <= 6


async def test_a_referral_with_an_nhs_number_and_an_idempotency_key_costs_no_more(
    client: tuple[Container, httpx.AsyncClient],
) -> None:
    container, http = client
    body = gp_referral("Keyed", nhs_number="4000000004")
    headers = {**COORDINATOR, "Idempotency-Key": "count-1"}
    with counting(container) as trips:
        made = await http.post("/referrals", json=body, headers=headers)
    assert made.status_code == 201, made.text
    # As above, and the key remembered; both identities are locked in one statement.
    assert trips.transactions == 1
    assert len(trips.statements) <= 5, trips.statements
    with counting(container) as again:
        replayed = await http.post("/referrals", json=body, headers=headers)
    assert replayed.status_code == 200, replayed.text
    assert replayed.json()["id"] == made.json()["id"]
    # The locks, the checks (which find the key) and the referral it made.
    assert len(again.statements) <= 3, again.statements


async def test_the_persons_first_record_is_version_1_and_the_count_goes_on_from_it(
    client: tuple[Container, httpx.AsyncClient],
) -> None:
    container, http = client
    made = await http.post("/referrals", json=gp_referral("Versioned"), headers=COORDINATOR)
    assert made.status_code == 201, made.text
    person_id = made.json()["person"]["id"]
    o = orm.outbox
    async with container.uow() as uow:
        value = await uow.session.scalar(
            sa.select(o.c.value).where(
                o.c.topic.endswith("referrals.contacts"), o.c.key == person_id
            )
        )
        assert value is not None
        assert json.loads(value)["version"] == 1
        # The count was started with the person: a later record of theirs is newer.
        assert await uow.contact_versions.next(uuid.UUID(person_id)) == 2
