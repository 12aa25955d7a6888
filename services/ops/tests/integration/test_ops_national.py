"""National mode: the console over topics mirrored from several regions, areas by region."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.ops.tests.synthetic import Catalogue, platform_topics
from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import ensure_topics
from tests.fixtures.services import Infra, unique_prefix

from .projection_support import OPS, console, read_at_least, send

pytestmark = pytest.mark.integration


async def test_regions_are_read_together_and_their_areas_kept_apart(infra: Infra) -> None:
    prefix = unique_prefix()
    # As MirrorMaker2 names them: the source cluster's alias before the topic.
    regions = {"west-yorkshire": f"wy.{prefix}", "north-east": f"ne.{prefix}"}
    connection = KafkaConnection(infra.kafka_bootstrap)
    at = datetime(2026, 10, 5, tzinfo=UTC)
    records = []
    for region, topics in regions.items():
        await ensure_topics(connection, platform_topics(topics))
        cat = Catalogue(topics)
        joined = 2 if region == "west-yorkshire" else 1
        for _ in range(joined):
            records += cat.referral(area="leeds", at=at, reach="joined")
        records.append(cat.practice_registered("B82005" if joined == 2 else "B86001", area="leeds"))
    await send(infra, records)
    url = await infra.migrated_database("ops")
    async with console(infra, url, prefix, regions=regions) as running:
        await read_at_least(running, len(records))
        client = running.client
        west = (await client.get("/api/funnel?area=west-yorkshire/leeds", headers=OPS)).json()
        north = (await client.get("/api/funnel?area=north-east/leeds", headers=OPS)).json()
        unqualified = await client.get("/api/funnel?area=leeds", headers=OPS)
        register = await client.get("/api/practices?area=north-east/leeds", headers=OPS)
        reports = running.container.area_reports
        report = await reports.area_report(
            "west-yorkshire/leeds", date(2026, 10, 1), date(2026, 10, 31)
        )
    assert west["rows"][0]["stages"][0] == {"stage": "received", "count": 2, "conversion": None}
    assert north["rows"][0]["stages"][0]["count"] == 1
    assert unqualified.status_code == 422
    assert [(p["ods_code"], p["area"]) for p in register.json()] == [("B86001", "north-east/leeds")]
    assert report.referrals_received == 2
