"""Which topics exist, and their partitions, asked of the cluster each time.

A consumer's own metadata only follows the topics it already reads, so a topic created
later (a service that started after the console) would never show up there.
"""

from __future__ import annotations

from aiokafka.admin import AIOKafkaAdminClient


async def partitions_by_topic(admin: AIOKafkaAdminClient) -> dict[str, list[int]]:
    described = await admin.describe_topics()
    return {
        t["topic"]: sorted(p["partition"] for p in t["partitions"])
        for t in described
        if not t.get("error_code")
    }
