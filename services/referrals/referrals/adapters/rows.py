"""Referral rows to domain objects and back (the domain knows nothing of tables)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by

from referrals.adapters import orm
from referrals.domain.codes import CloseOutcome, FormatPreference, MatchedBy, RejectionReason
from referrals.domain.model import (
    Channel,
    DuplicateFlag,
    Person,
    Referral,
    Referrer,
    Source,
    Status,
)
from referrals.domain.register import PracticeStatus

E = TypeVar("E", bound=StrEnum)

# Columns a referral's journey changes; `update` writes exactly these.
JOURNEY_COLUMNS = (
    "status",
    "version",
    "notes",
    "accepted_at",
    "rejected_at",
    "rejection_reason",
    "rejection_comment",
    "contacted_at",
    "attempts_made",
    "failed_attempts",
    "group_id",
    "placed_at",
    "joined_at",
    "attended_at",
    "closed_at",
    "close_outcome",
    "close_comment",
    "erased_at",
)


def referral_values(referral: Referral) -> dict[str, Any]:
    values: dict[str, Any] = {c: getattr(referral, c) for c in JOURNEY_COLUMNS}
    for coded in ("status", "rejection_reason", "close_outcome"):
        values[coded] = values[coded].value if values[coded] is not None else None
    return values


def insert_values(referral: Referral) -> dict[str, Any]:
    return {
        **referral_values(referral),
        "id": referral.id,
        "reference_code": referral.reference_code,
        "source": referral.source.value,
        "area": referral.area,
        "person_id": referral.person_id,
        "referrer_id": referral.referrer.id if referral.referrer else None,
        "consent_to_contact": referral.consent_to_contact,
        "received_at": referral.received_at,
        "postcode_district": referral.postcode_district,
        "age_band": referral.age_band,
        "format_preference": referral.format_preference.value
        if referral.format_preference
        else None,
    }


def person_values(p: Person) -> dict[str, Any]:
    return {
        "id": p.id,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "date_of_birth": p.date_of_birth,
        "postcode": p.postcode,
        "nhs_number": p.nhs_number,
        "email": p.email,
        "mobile": p.mobile,
        "preferred_channel": p.preferred_channel.value,
    }


def referral_of(m: Any) -> Referral:
    """A referral from a row of referrals, outer-joined to people and referrers."""
    r, p, f = orm.referrals.c, orm.people.c, orm.referrers.c
    person = (
        Person(
            id=m[p.id],
            given_name=m[p.given_name],
            family_name=m[p.family_name],
            date_of_birth=m[p.date_of_birth],
            postcode=m[p.postcode],
            nhs_number=m[p.nhs_number],
            email=m[p.email],
            mobile=m[p.mobile],
            preferred_channel=Channel(m[p.preferred_channel]),
        )
        if m[p.id] is not None
        else None
    )
    referrer = (
        Referrer(
            id=m[f.id],
            ods_code=m[f.ods_code],
            name=m[f.name],
            area=m[f.area],
            email=m[f.email],
            status=PracticeStatus(m[f.status]),
            postcode=m[f.postcode],
            registered_at=m[f.registered_at],
        )
        if m[f.id] is not None
        else None
    )
    return Referral(
        id=m[r.id],
        reference_code=m[r.reference_code],
        source=Source(m[r.source]),
        area=m[r.area],
        person=person,
        consent_to_contact=m[r.consent_to_contact],
        received_at=m[r.received_at],
        referrer=referrer,
        notes=m[r.notes],
        status=Status(m[r.status]),
        version=m[r.version],
        postcode_district=m[r.postcode_district] or "",
        age_band=m[r.age_band] or "",
        person_id=m[r.person_id],
        format_preference=_coded(FormatPreference, m[r.format_preference]),
        accepted_at=m[r.accepted_at],
        rejected_at=m[r.rejected_at],
        rejection_reason=_coded(RejectionReason, m[r.rejection_reason]),
        rejection_comment=m[r.rejection_comment],
        contacted_at=m[r.contacted_at],
        attempts_made=m[r.attempts_made],
        failed_attempts=m[r.failed_attempts],
        group_id=m[r.group_id],
        placed_at=m[r.placed_at],
        joined_at=m[r.joined_at],
        attended_at=m[r.attended_at],
        closed_at=m[r.closed_at],
        close_outcome=_coded(CloseOutcome, m[r.close_outcome]),
        close_comment=m[r.close_comment],
        erased_at=m[r.erased_at],
        possible_duplicates=_flags(m.get("possible_duplicates")),
    )


def duplicates_of(r: sa.Table) -> sa.Label[Any]:
    """The referral's possible-duplicate flags as one JSON column (empty: null)."""
    d = orm.possible_duplicates
    flag = sa.func.json_build_object(
        "referral_id", d.c.other_id, "matched_by", d.c.matched_by, "flagged_at", d.c.flagged_at
    )
    return (
        sa.select(sa.func.json_agg(aggregate_order_by(flag, d.c.flagged_at), type_=JSONB))
        .where(d.c.referral_id == r.c.id)
        .scalar_subquery()
        .label("possible_duplicates")
    )


def _flags(value: list[dict[str, Any]] | None) -> list[DuplicateFlag]:
    return [
        DuplicateFlag(
            referral_id=uuid.UUID(f["referral_id"]),
            matched_by=MatchedBy(f["matched_by"]),
            flagged_at=datetime.fromisoformat(f["flagged_at"]),
        )
        for f in value or []
    ]


def _coded(enum: type[E], value: str | None) -> E | None:
    return enum(value) if value is not None else None
