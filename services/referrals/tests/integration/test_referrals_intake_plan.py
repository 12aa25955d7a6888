"""The duplicate check at intake reads a person's namesakes by index, however many people
share the birth date: a plan, not a timing, on the real database.

Many people can share a birth date in one area (a practice's placeholder date, the bench's
made-up people). The check used to filter every one of them, row by row, on each referral:
0.07 ms of PostgreSQL per referral on a fresh bench stack, 0.34 ms after its steady phase.
asyncpg prepares the statement, and after five runs PostgreSQL may keep a generic plan
that knows none of the values, so both plans are checked.
"""

from __future__ import annotations

import json
from datetime import date

import asyncpg
import pytest

from referrals.adapters.intake import FACTS
from tests.fixtures.services import Infra

pytestmark = pytest.mark.integration

PEOPLE = 2000
SHARED_BIRTH_DATE = date(1961, 4, 12)


async def _namesakes(connection: asyncpg.Connection) -> None:
    await connection.execute(
        "INSERT INTO people (id, given_name, family_name, date_of_birth, postcode, "
        "preferred_channel) SELECT gen_random_uuid(), 'Sam', 'Bench' || i, $1, 'LS6 2AB', "
        "'email' FROM generate_series(1, $2) i",
        SHARED_BIRTH_DATE,
        PEOPLE,
    )
    await connection.execute(
        "INSERT INTO referrals (id, reference_code, status, source, area, person_id, "
        "consent_to_contact, received_at, version) SELECT gen_random_uuid(), "
        "'R' || lpad(row_number() OVER ()::text, 8, '0'), 'received', 'gp', 'leeds', id, "
        "true, now(), 1 FROM people"
    )
    await connection.execute("ANALYZE people; ANALYZE referrals")


def _args(nhs_number: str | None) -> list[object]:
    return FACTS.args(
        {
            "ods_code": "B82005",
            "caller": "gp",
            "idempotency_key": None,
            "area": "leeds",
            "given_name": "sam",
            "family_name": "bench77",
            "date_of_birth": SHARED_BIRTH_DATE,
            "postcode": "LS62AB",
            "nhs_known": nhs_number is not None,
            "nhs_number": nhs_number,
        }
    )


async def _plan(connection: asyncpg.Connection, mode: str, nhs_number: str | None) -> str:
    await connection.execute(f"SET plan_cache_mode = {mode}")
    statement = await connection.prepare("EXPLAIN (COSTS OFF) " + FACTS.sql)
    return "\n".join(row[0] for row in await statement.fetch(*_args(nhs_number)))


@pytest.mark.parametrize("mode", ["force_generic_plan", "force_custom_plan"])
@pytest.mark.parametrize("nhs_number", [None, "9434765919"])
async def test_the_duplicate_check_does_not_read_everyone_born_that_day(
    infra: Infra, mode: str, nhs_number: str | None
) -> None:
    connection = await asyncpg.connect(await infra.migrated_database("referrals"))
    try:
        await _namesakes(connection)
        plan = await _plan(connection, mode, nhs_number)
        row = await connection.fetchrow(FACTS.sql, *_args(nhs_number))
    finally:
        await connection.close()
    assert "ix_people_identity" in plan, plan
    assert "Seq Scan on people" not in plan, plan
    # The index finds the one namesake, and only that one.
    assert len(json.loads(row["matches"])) == 1
