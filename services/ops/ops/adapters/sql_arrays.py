"""Many rows in one statement: each column sent as one array and unnested by PostgreSQL.

One round trip and one cached plan per table and batch, whatever the number of rows, which
is what lets a rebuild apply tens of thousands of events a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

PG_ARRAYS: dict[type[sa.types.TypeEngine[Any]], str] = {
    sa.Text: "text",
    sa.BigInteger: "int8",
    sa.Integer: "int4",
    sa.Float: "float8",
    sa.Boolean: "bool",
    sa.DateTime: "timestamptz",
    sa.Date: "date",
}


def _pg_type(column: sa.Column[object]) -> str:
    for kind, name in PG_ARRAYS.items():
        if type(column.type) is kind:
            return name
    raise TypeError(f"no array type for {column.name}: {column.type!r}")


@cache
def _insert(table: sa.Table, conflict: str) -> sa.TextClause:
    columns = [c for c in table.columns if not c.identity]
    names = ", ".join(f'"{c.name}"' for c in columns)
    arrays = ", ".join(f"CAST(:{c.name} AS {_pg_type(c)}[])" for c in columns)
    # Names come from the table definitions, never from input; values are bound.
    sql = f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({arrays}) {conflict}"  # noqa: S608
    return sa.text(sql)


def replace_all(table: sa.Table) -> str:
    """`ON CONFLICT` clause: the row written wins (it was loaded, changed and is complete)."""
    keys = [c.name for c in table.primary_key.columns]
    sets = ", ".join(
        f'"{c.name}" = EXCLUDED."{c.name}"' for c in table.columns if c.name not in keys
    )
    return f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"


def add_up(table: sa.Table, *counters: str) -> str:
    keys = [c.name for c in table.primary_key.columns]
    sets = ", ".join(f'"{c}" = {table.name}."{c}" + EXCLUDED."{c}"' for c in counters)
    return f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"


KEEP_FIRST = "ON CONFLICT DO NOTHING"


async def insert_rows(
    conn: AsyncConnection,
    table: sa.Table,
    rows: Sequence[Mapping[str, object]],
    conflict: str = KEEP_FIRST,
) -> None:
    if not rows:
        return
    columns = [c.name for c in table.columns if not c.identity]
    params = {name: [row.get(name) for row in rows] for name in columns}
    await conn.execute(_insert(table, conflict), params)


async def rows_by_key(
    conn: AsyncConnection, table: sa.Table, keys: set[str]
) -> list[sa.RowMapping]:
    if not keys:
        return []
    (key,) = table.primary_key.columns
    wanted = sa.bindparam("keys", list(keys), type_=ARRAY(sa.Text))
    query = sa.select(table).where(key == sa.any_(wanted))
    return list((await conn.execute(query)).mappings())
