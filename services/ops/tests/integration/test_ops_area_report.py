"""The area report against counts made here, straight from the raw records on the topics."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from ops.domain.area_report import AreaReport
from services.ops.tests.synthetic import Catalogue
from t2t_shared.envelope import EventRecord, header_value
from tests.fixtures.services import Infra, eventually, unique_prefix

from .projection_support import console, create_topics, read_at_least, read_to_end, send

pytestmark = pytest.mark.integration

PERIOD = (date(2026, 10, 1), date(2026, 10, 31))
STAGE_EVENTS = {
    "received": "ReferralReceived",
    "accepted": "ReferralAccepted",
    "contacted": "ReferralContacted",
    "placed": "PlaceOffered",
    "joined": "MemberJoined",
}


def history(catalogue: Catalogue) -> list[EventRecord]:
    plan = [
        (datetime(2026, 9, 30, 23, 0, tzinfo=UTC), "joined", "gp", "B82005"),  # before
        (datetime(2026, 10, 1, 0, 0, tzinfo=UTC), "received", "self", None),
        (datetime(2026, 10, 6, 9, 0, tzinfo=UTC), "joined", "gp", "B82005"),
        (datetime(2026, 10, 14, 9, 0, tzinfo=UTC), "contacted", "gp", "B86001"),
        (datetime(2026, 10, 20, 9, 0, tzinfo=UTC), "regular_attender", "gp", "B82005"),
        (datetime(2026, 10, 31, 23, 59, tzinfo=UTC), "accepted", "community", None),
        (datetime(2026, 11, 1, 0, 0, tzinfo=UTC), "joined", "gp", "B82005"),  # after
    ]
    records = [catalogue.practice_registered("B82005", area="leeds", name="The Light Surgery")]
    for at, reach, source, ods in plan:
        records += catalogue.referral(area="leeds", at=at, reach=reach, source=source, ods_code=ods)
    records += catalogue.referral(area="york", at=datetime(2026, 10, 5, tzinfo=UTC), reach="joined")
    return records


def recount(records: list[Any], area: str, first: date, last: date) -> dict[str, Any]:
    """The report's referral figures, counted from the raw Kafka records alone."""
    decoded = [
        (header_value(list(r.headers), "ce_type") or "", json.loads(r.value)) for r in records
    ]
    cohort: dict[str, dict[str, Any]] = {}
    for kind, data in decoded:
        if kind.endswith(".ReferralReceived.v1") and data["area"] == area:
            day = datetime.fromisoformat(data["received_at"]).astimezone(UTC).date()
            if first <= day <= last:
                cohort[data["referral_id"]] = data
    reached: dict[str, set[str]] = {stage: set() for stage in STAGE_EVENTS}
    attended, regular, within = set(), set(), set()
    for kind, data in decoded:
        rid = data.get("referral_id")
        if rid not in cohort:
            continue
        for stage, name in STAGE_EVENTS.items():
            if kind.endswith(f".{name}.v1"):
                reached[stage].add(rid)
        if kind.endswith(".AttendanceRecorded.v1") and data["attendance"] == "present":
            attended.add(rid)
            if data["regular_attender"]:
                regular.add(rid)
        if kind.endswith(".ReferralContacted.v1") and data["within_target"]:
            within.add(rid)
    return {
        "received": len(cohort),
        "by_source": Counter(d["source"] for d in cohort.values()),
        "by_practice": Counter(d["ods_code"] for d in cohort.values() if d["ods_code"]),
        "funnel": {
            **{stage: len(ids) for stage, ids in reached.items()},
            "attended_first_session": len(attended),
            "regular_attender": len(regular),
        },
        "within_target": len(within),
    }


async def test_the_report_equals_counts_recomputed_from_the_topics(infra: Infra) -> None:
    prefix = unique_prefix()
    await create_topics(infra, prefix)
    records = history(Catalogue(prefix))
    await send(infra, records)
    url = await infra.migrated_database("ops")
    async with console(infra, url, prefix) as running:
        await read_at_least(running, len(records))
        report: AreaReport = await running.container.area_reports.area_report("leeds", *PERIOD)
        empty = await running.container.area_reports.area_report(
            "leeds", date(2020, 1, 1), date(2020, 3, 31)
        )
    raw = await read_to_end(infra, f"{prefix}referrals.events")
    raw += await read_to_end(infra, f"{prefix}groups.events")
    assert len(raw) == len(records)
    expected = recount(raw, "leeds", *PERIOD)

    assert report.referrals_received == expected["received"] == 5
    assert {c.label: c.count for c in report.referrals_by_source} == expected["by_source"]
    assert {p.ods_code: p.referrals for p in report.referrals_by_practice} == expected[
        "by_practice"
    ]
    assert report.referrals_by_practice[0].name == "The Light Surgery"
    assert {s.stage: s.count for s in report.funnel} == expected["funnel"]
    assert report.first_contact.within_target == expected["within_target"]
    assert sum(w.count for w in report.referrals_per_week) == expected["received"]
    assert report.referrals_per_week[0].week_start == date(2026, 9, 28)
    assert report.attendance.regular_attenders == expected["funnel"]["regular_attender"]

    assert empty.referrals_received == 0
    assert all(s.count == 0 and s.conversion is None for s in empty.funnel)
    assert (empty.first_contact.contacted, empty.first_contact.median_hours) == (0, None)
    assert len(empty.referrals_per_week) == 14
    assert {w.count for w in empty.referrals_per_week} == {0}
    assert empty.waiting_list.waiting_at_end == 0
    assert empty.groups.groups_open == 0


async def test_lag_samples_are_kept_oldest_first_and_pruned(infra: Infra) -> None:
    prefix = unique_prefix()
    await create_topics(infra, prefix)
    url = await infra.migrated_database("ops")
    async with console(infra, url, prefix, lag_interval_s=0.2) as running:
        lag_history = running.container.lag_history
        now = datetime.now(UTC)
        await lag_history.record([("t2t.long-gone", 3)], at=now - timedelta(days=8))

        async def sampled() -> list[Any]:
            samples = await lag_history.lag_history(now - timedelta(days=30))
            times = {s.at for s in samples if s.at > now}
            return samples if len(times) >= 2 else []

        samples = await eventually(sampled)
    assert [s.at for s in samples] == sorted(s.at for s in samples)
    groups = {f"{prefix}{c}" for c in ("referrals", "groups", "volunteers", "notifications")}
    assert {s.consumer_group for s in samples} == groups
