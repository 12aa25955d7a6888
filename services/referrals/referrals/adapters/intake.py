"""The checks before a referral is taken, read in one statement rather than three."""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from referrals.adapters import orm
from referrals.adapters.register import practice_of
from referrals.adapters.repository import StoredKey
from referrals.domain.codes import MatchedBy, Source
from referrals.domain.duplicates import OpenMatch
from referrals.domain.journey import OPEN
from referrals.domain.model import Person
from referrals.service_layer.unit_of_work import IntakeFacts
from t2t_shared.driver import Prepared


class SqlIntake:
    """One round trip: the practice and the stored key joined to a one-row relation, the
    open matches aggregated into a column. The caller has locked the person's identities
    first, in a statement of its own: a statement reads the data committed when it began,
    so a lock taken inside this one would not let it see a referral committed while it
    waited for that lock. Compiled once and run through asyncpg (`driver`)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def facts(
        self,
        area: str,
        person: Person,
        *,
        ods_code: str | None,
        caller: str,
        idempotency_key: str | None,
    ) -> IntakeFacts:
        row = await FACTS.fetchrow(
            self._session,
            {
                "ods_code": ods_code,
                "caller": caller,
                "idempotency_key": idempotency_key,
                "area": area,
                "given_name": person.given_name.lower(),
                "family_name": person.family_name.lower(),
                "date_of_birth": person.date_of_birth,
                "postcode": person.postcode.replace(" ", ""),
                "nhs_known": person.nhs_number is not None,
                "nhs_number": person.nhs_number,
            },
        )
        matches = row["matches"]
        if isinstance(matches, str):
            matches = json.loads(matches)
        return IntakeFacts(
            referrer=practice_of(SimpleNamespace(**row)) if row["id"] is not None else None,
            stored_key=(
                StoredKey(row["request_hash"], row["key_referral_id"])
                if row["request_hash"] is not None
                else None
            ),
            matches=[
                OpenMatch(
                    uuid.UUID(referral_id),
                    Source(source),
                    MatchedBy.NHS_NUMBER if by_nhs else MatchedBy.IDENTITY,
                )
                for referral_id, source, by_nhs in matches or []
            ],
        )


def _facts() -> sa.Select[Any]:
    f, k = orm.referrers, orm.idempotency_keys
    one = sa.select(sa.literal_column("1").label("one")).subquery("one")
    return sa.select(
        f, k.c.request_hash, k.c.referral_id.label("key_referral_id"), _matches()
    ).select_from(
        one.outerjoin(f, f.c.ods_code == _text("ods_code")).outerjoin(
            k, sa.and_(k.c.caller == _text("caller"), k.c.key == _text("idempotency_key"))
        )
    )


def _matches() -> sa.Label[Any]:
    """Open referrals in the area that may be this person, earliest first, as JSON.

    The names and postcode come lower-cased and without spaces."""
    r, p = orm.referrals, orm.people
    same_who = sa.and_(
        sa.func.lower(p.c.given_name) == _text("given_name"),
        sa.func.lower(p.c.family_name) == _text("family_name"),
        p.c.date_of_birth == sa.bindparam("date_of_birth", type_=sa.Date),
        sa.func.replace(p.c.postcode, sa.literal_column("' '"), sa.literal_column("''"))
        == _text("postcode"),
    )
    same_nhs = sa.and_(
        sa.bindparam("nhs_known", type_=sa.Boolean), p.c.nhs_number == _text("nhs_number")
    )
    match = sa.func.json_build_array(r.c.id, r.c.source, same_nhs)
    # Constants in the text: the statement's parameters are only the request's values.
    open_statuses: list[sa.ColumnClause[Any]] = [sa.literal_column(f"'{s.value}'") for s in OPEN]
    return (
        sa.select(sa.func.json_agg(aggregate_order_by(match, r.c.received_at), type_=JSONB))
        .select_from(r.join(p, p.c.id == r.c.person_id))
        .where(
            r.c.area == _text("area"),
            r.c.status.in_(open_statuses),
            sa.or_(same_nhs, same_who),
        )
        .scalar_subquery()
        .label("matches")
    )


def _text(name: str) -> sa.BindParameter[str]:
    return sa.bindparam(name, type_=sa.Text)


FACTS = Prepared(_facts())
