"""The statement that stores a received referral, compiled once for asyncpg."""

from __future__ import annotations

import functools
from typing import Any

import sqlalchemy as sa

from referrals.adapters import orm
from referrals.service_layer.unit_of_work import FIRST_CONTACT_VERSION
from t2t_shared.driver import Prepared


@functools.cache
def received_insert(person_columns: tuple[str, ...], referral_columns: tuple[str, ...]) -> Prepared:
    """The person, their contacts-record count and the referral: one INSERT with two CTEs.

    Parameters are the columns' names, `p_` before the person's and `r_` before the
    referral's. A received person is always new, so their count starts at the first version.
    """

    def values(table: sa.Table, prefix: str, columns: tuple[str, ...]) -> dict[str, Any]:
        return {c: sa.bindparam(prefix + c, type_=table.c[c].type) for c in columns}

    new_person = (
        sa.insert(orm.people).values(values(orm.people, "p_", person_columns)).cte("new_person")
    )
    count = (
        sa.insert(orm.contact_versions)
        .values(
            key=sa.bindparam("p_id", type_=orm.people.c.id.type),
            version=sa.literal_column(str(FIRST_CONTACT_VERSION)),
        )
        .cte("new_count")
    )
    return Prepared(
        sa.insert(orm.referrals)
        .values(values(orm.referrals, "r_", referral_columns))
        .add_cte(new_person, count)
    )
