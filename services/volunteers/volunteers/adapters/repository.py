"""Loads and saves whole volunteers (pipeline row, person, checks, training) on one session."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from volunteers.adapters import orm
from volunteers.domain.checks import CheckStatus, DbsCheck, DbsLevel, Reference
from volunteers.domain.model import Volunteer
from volunteers.domain.people import Applicant, Channel, Day, PartOfDay, Slot, Supervisor
from volunteers.domain.renewals import Check, ExpiryWatch
from volunteers.domain.stages import LeaveReason, Stage
from volunteers.domain.training import Course, TrainingRecord


class ConcurrentUpdate(Exception):
    """The volunteer changed since it was loaded (callers lock rows, so this is a backstop)."""


class SqlVolunteerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, volunteer: Volunteer) -> None:
        await self._session.execute(sa.insert(orm.volunteers).values(**_row(volunteer)))
        await self._save_parts(volunteer)

    async def get(self, volunteer_id: uuid.UUID, *, lock: bool = False) -> Volunteer | None:
        """With `lock`, the row stays locked until the transaction ends: racing writers queue."""
        query = sa.select(orm.volunteers).where(orm.volunteers.c.id == volunteer_id)
        row = (await self._session.execute(query.with_for_update() if lock else query)).first()
        if row is None:
            return None
        return await self._volunteer(row._mapping)

    async def save(self, volunteer: Volunteer) -> None:
        v = orm.volunteers
        result = await self._session.execute(
            sa.update(v)
            .where(v.c.id == volunteer.id, v.c.version == volunteer.version)
            .values(**{**_row(volunteer), "version": volunteer.version + 1})
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConcurrentUpdate(volunteer.id)
        volunteer.version += 1
        await self._save_parts(volunteer)

    async def _save_parts(self, volunteer: Volunteer) -> None:
        vid = volunteer.id
        await self._put(orm.applicants, vid, _applicant_row(volunteer.applicant))
        await self._put(orm.supervisors, vid, _supervisor_row(volunteer.supervisor))
        if volunteer.dbs is not None:
            await self._upsert(orm.dbs_checks, {"volunteer_id": vid, **_dbs_row(volunteer)})
        for ref in volunteer.references.values():
            await self._upsert(
                orm.references,
                {
                    "volunteer_id": vid,
                    "slot": ref.slot,
                    "requested_on": ref.requested_on,
                    "received_on": ref.received_on,
                    "satisfactory": ref.satisfactory,
                },
            )
        for seq, t in enumerate(volunteer.trainings, start=1):
            await self._upsert(
                orm.training_records,
                {
                    "volunteer_id": vid,
                    "seq": seq,
                    "course": t.course.value,
                    "started_on": t.started_on,
                    "sessions_attended": t.sessions_attended,
                    "completed_on": t.completed_on,
                    "valid_until": t.valid_until,
                },
            )

    async def _put(self, table: sa.Table, vid: uuid.UUID, values: dict[str, Any] | None) -> None:
        if values is None:
            await self._session.execute(sa.delete(table).where(table.c.volunteer_id == vid))
        else:
            await self._upsert(table, {"volunteer_id": vid, **values})

    async def _upsert(self, table: sa.Table, values: dict[str, Any]) -> None:
        keys = [c.name for c in table.primary_key.columns]
        await self._session.execute(
            insert(table)
            .values(**values)
            .on_conflict_do_update(
                index_elements=keys, set_={k: v for k, v in values.items() if k not in keys}
            )
        )

    async def _volunteer(self, m: Any) -> Volunteer:
        vid = m["id"]
        applicant = await self._one(orm.applicants, vid)
        supervisor = await self._one(orm.supervisors, vid)
        dbs = await self._one(orm.dbs_checks, vid)
        refs = await self._all(orm.references, vid, orm.references.c.slot)
        trainings = await self._all(orm.training_records, vid, orm.training_records.c.seq)
        return Volunteer(
            id=vid,
            area=m["area"],
            applied_at=m["applied_at"],
            lived_experience=m["lived_experience"],
            availability=tuple(
                Slot(Day(a["day"]), PartOfDay(a["part_of_day"])) for a in m["availability"]
            ),
            applicant=_applicant(applicant) if applicant else None,
            stage=Stage(m["stage"]),
            stage_entered_at=m["stage_entered_at"],
            references={
                r["slot"]: Reference(
                    r["slot"], r["requested_on"], r["received_on"], r["satisfactory"]
                )
                for r in refs
            },
            dbs=_dbs(dbs) if dbs else None,
            trainings=[
                TrainingRecord(
                    Course(t["course"]),
                    t["started_on"],
                    t["sessions_attended"],
                    t["completed_on"],
                    t["valid_until"],
                )
                for t in trainings
            ],
            supervisor=Supervisor(
                supervisor["name"], supervisor["role"], supervisor["organisation"]
            )
            if supervisor
            else None,
            screened_at=m["screened_at"],
            paused_from=Stage(m["paused_from"]) if m["paused_from"] else None,
            paused_until=m["paused_until"],
            left_reason=LeaveReason(m["left_reason"]) if m["left_reason"] else None,
            left_at=m["left_at"],
            stage_left_from=Stage(m["stage_left_from"]) if m["stage_left_from"] else None,
            training_watch=ExpiryWatch(
                Check.TRAINING,
                m["training_valid_until"],
                m["training_reminded_for"],
                m["training_expired_for"],
            ),
            dbs_watch=ExpiryWatch(
                Check.DBS,
                dbs["renewal_due"] if dbs else None,
                dbs["reminded_for"] if dbs else None,
                dbs["expired_for"] if dbs else None,
            ),
            erased_at=m["erased_at"],
            version=m["version"],
        )

    async def _one(self, table: sa.Table, vid: uuid.UUID) -> Any:
        row = (
            await self._session.execute(sa.select(table).where(table.c.volunteer_id == vid))
        ).first()
        return row._mapping if row else None

    async def _all(self, table: sa.Table, vid: uuid.UUID, order: sa.Column[Any]) -> list[Any]:
        query = sa.select(table).where(table.c.volunteer_id == vid).order_by(order)
        return [r._mapping for r in await self._session.execute(query)]


def _row(v: Volunteer) -> dict[str, Any]:
    return {
        "id": v.id,
        "area": v.area,
        "stage": v.stage.value,
        "stage_entered_at": v.stage_entered_at or v.applied_at,
        "applied_at": v.applied_at,
        "lived_experience": v.lived_experience,
        "availability": [
            {"day": s.day.value, "part_of_day": s.part_of_day.value} for s in v.availability
        ],
        "screened_at": v.screened_at,
        "paused_from": v.paused_from.value if v.paused_from else None,
        "paused_until": v.paused_until,
        "left_reason": v.left_reason.value if v.left_reason else None,
        "left_at": v.left_at,
        "stage_left_from": v.stage_left_from.value if v.stage_left_from else None,
        "training_valid_until": v.training_watch.expires_on,
        "training_reminded_for": v.training_watch.reminded_for,
        "training_expired_for": v.training_watch.expired_for,
        "erased_at": v.erased_at,
        "version": v.version,
    }


def _applicant_row(a: Applicant | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "given_name": a.given_name,
        "family_name": a.family_name,
        "email": a.email,
        "mobile": a.mobile,
        "preferred_channel": a.preferred_channel.value,
        "consent_to_contact": a.consent_to_contact,
        "motivation": a.motivation,
    }


def _applicant(m: Any) -> Applicant:
    return Applicant(
        given_name=m["given_name"],
        family_name=m["family_name"],
        email=m["email"],
        mobile=m["mobile"],
        preferred_channel=Channel(m["preferred_channel"]),
        consent_to_contact=m["consent_to_contact"],
        motivation=m["motivation"],
    )


def _supervisor_row(s: Supervisor | None) -> dict[str, Any] | None:
    return None if s is None else {"name": s.name, "role": s.role, "organisation": s.organisation}


def _dbs_row(v: Volunteer) -> dict[str, Any]:
    d = v.dbs
    assert d is not None
    return {
        "status": d.status.value,
        "level": d.level.value if d.level else None,
        "certificate_number": d.certificate_number,
        "issued_on": d.issued_on,
        "renewal_due": d.renewal_due,
        "reminded_for": v.dbs_watch.reminded_for,
        "expired_for": v.dbs_watch.expired_for,
    }


def _dbs(m: Any) -> DbsCheck:
    return DbsCheck(
        status=CheckStatus(m["status"]),
        level=DbsLevel(m["level"]) if m["level"] else None,
        certificate_number=m["certificate_number"],
        issued_on=m["issued_on"],
        renewal_due=m["renewal_due"],
    )
