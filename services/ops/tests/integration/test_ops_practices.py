"""Practice engagement from the register and the referrals, over the real broker and database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.ops.tests.synthetic import Catalogue
from t2t_shared.envelope import EventRecord
from tests.fixtures.services import Infra, auth, unique_prefix

from .projection_support import OPS, console, create_topics, read_at_least, send

pytestmark = pytest.mark.integration

NOW = datetime.now(UTC)


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def history(cat: Catalogue) -> list[EventRecord]:
    records = [
        cat.practice_registered("B82005", area="leeds", name="The Light Surgery"),
        cat.practice_registered("B86001", area="leeds", name="Hyde Park Surgery"),
        cat.practice_registered("B86002", area="leeds", name="Burley Park Medical Centre"),
        cat.practice_registered("B86003", area="york", name="Elsewhere"),
        # Active: one referral before its outreach, two after (one joined, contacted in 24 h).
        cat.practice_engaged("B82005", area="leeds", kind="visit", at=ago(60)),
        # Lapsed: two referrals in the 90 days before its outreach, none since.
        cat.practice_engaged("B86001", area="leeds", kind="call", at=ago(100)),
    ]
    for days, ods, reach in [
        (70, "B82005", "received"),
        (30, "B82005", "received"),
        (10, "B82005", "joined"),
        (150, "B86001", "received"),
        (120, "B86001", "received"),
        (5, "B86003", "received"),
    ]:
        area = "york" if ods == "B86003" else "leeds"
        records += cat.referral(area=area, at=ago(days), reach=reach, ods_code=ods)
    return records


@pytest.fixture(scope="module")
async def practices(infra: Infra) -> Any:
    prefix = unique_prefix()
    await create_topics(infra, prefix)
    records = history(Catalogue(prefix))
    await send(infra, records)
    url = await infra.migrated_database("ops")
    async with console(infra, url, prefix) as running:
        await read_at_least(running, len(records))
        yield running.client


async def test_never_lapsed_and_active_practices_of_an_area(practices: Any) -> None:
    everyone = (await practices.get("/api/practices?area=leeds", headers=OPS)).json()
    assert {p["ods_code"]: (p["status"], p["referrals"]) for p in everyone} == {
        "B82005": ("active", 3),
        "B86001": ("lapsed", 2),
        "B86002": ("never", 0),
    }
    for status, code in [("never", "B86002"), ("lapsed", "B86001"), ("active", "B82005")]:
        chosen = await practices.get(f"/api/practices?area=leeds&status={status}", headers=OPS)
        assert [p["ods_code"] for p in chosen.json()] == [code]
    never = (await practices.get("/api/practices?area=leeds&status=never", headers=OPS)).json()
    assert never[0]["name"] == "Burley Park Medical Centre"
    assert never[0]["last_referral_at"] is None


async def test_one_practice_with_its_months_conversion_and_outreach_effect(
    practices: Any,
) -> None:
    active = (await practices.get("/api/practices/B82005", headers=OPS)).json()
    months = [ago(d).strftime("%Y-%m") for d in (70, 30, 10)]
    expected = {m: months.count(m) for m in months}
    assert {m["month"]: m["count"] for m in active["referrals_by_month"]} == expected
    assert (active["joined"], active["conversion_to_joined"]) == (1, 0.3333)
    assert active["median_hours_to_first_contact"] == 24.0
    [visit] = active["outreach"]
    assert (visit["kind"], visit["referrals_before"], visit["referrals_after"]) == ("visit", 1, 2)

    lapsed = (await practices.get("/api/practices/B86001", headers=OPS)).json()
    [call] = lapsed["outreach"]
    assert (call["referrals_before"], call["referrals_after"]) == (2, 0)
    assert lapsed["conversion_to_joined"] == 0.0


async def test_who_may_see_practices(practices: Any) -> None:
    def get(path: str, role: str, areas: list[str]) -> Any:
        return practices.get(path, headers=auth(role, areas))

    assert (await get("/api/practices?area=leeds", "commissioner", ["leeds"])).status_code == 200
    assert (await get("/api/practices?area=leeds", "coordinator", ["leeds"])).status_code == 200
    assert (await get("/api/practices?area=leeds", "commissioner", ["york"])).status_code == 403
    assert (await get("/api/practices/B86003", "commissioner", ["leeds"])).status_code == 403
    referrer = practices.get(
        "/api/practices?area=leeds", headers=auth("referrer", ["leeds"], "B82005")
    )
    assert (await referrer).status_code == 403
    assert (await get("/api/practices/Z99999", "ops", ["*"])).status_code == 404
    bad = await get("/api/practices?area=leeds&status=sleeping", "ops", ["*"])
    assert bad.status_code == 422
    assert "status" in bad.text
    unknown = await get("/api/practices?area=atlantis", "ops", ["*"])
    assert unknown.status_code == 422
    assert "area" in unknown.text
