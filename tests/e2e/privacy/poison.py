"""A poison contact record: notifications cannot store it, retries it, then dead-letters it.

It is a copy of a real contact record from referrals (same source and type, so it passes
every check on where it came from) whose name holds a NUL, which PostgreSQL refuses in text:
a handler error, not an infrastructure fault, so it goes to the retry topic, then the DLQ.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer

from tests.fixtures import canary_places
from tests.fixtures.canary import CanarySet, mobile_canary, text_canary
from tests.fixtures.services import publish


async def a_person_contact(
    bootstrap: str, topic: str, within: float = 60
) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
    """The value and headers of a person's contact record on the topic."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        deadline = asyncio.get_running_loop().time() + within
        while asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=300)
            for records in batch.values():
                for record in records:
                    value = json.loads(record.value) if record.value else {}
                    if "person_id" in value:
                        return value, list(record.headers)
        raise AssertionError(f"no person contact record on {topic} within {within}s")
    finally:
        await consumer.stop()


async def send_poison(bootstrap: str, contacts_topic: str, canaries: CanarySet) -> str:
    """Publish the poison record; its key (a new person id) is returned."""
    value, headers = await a_person_contact(bootstrap, contacts_topic)
    person = str(uuid.uuid4())
    value.update(
        person_id=person,
        given_name="\x00" + canaries.add(text_canary("poison.given_name")),
        email=canaries.add(text_canary("poison.email", "canary-{}@example.org")),
        mobile="+44" + canaries.add(mobile_canary("poison.mobile"))[1:],
    )
    replaced = {"ce_id": str(uuid.uuid4()).encode(), "ce_subject": person.encode()}
    new_headers = [(k, replaced.get(k, v)) for k, v in headers]
    record = (contacts_topic, person.encode(), json.dumps(value).encode(), new_headers)
    await publish(bootstrap, [record])
    return person


async def until_dead_lettered(
    bootstrap: str, prefix: str, key: str, within: float = 90
) -> list[str]:
    """The poison record went through a retry topic, then landed in a dead-letter topic
    (whatever their names, as long as they say so: a contacts DLQ may be one of its own)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        names = await canary_places.topic_names(bootstrap, prefix)
        failed = [n for n in names if "retry" in n or "dlq" in n]
        places = await canary_places.topic_records(bootstrap, failed, quiet_s=0.5)
        keyed = {where.split("[")[0] for where, text in places.items() if text == key}
        if any("dlq" in topic for topic in keyed):
            if not any("retry" in topic for topic in keyed):
                raise AssertionError(f"the poison went to a DLQ without a retry: {keyed}")
            return sorted(topic.removeprefix("topic:") for topic in keyed)
        await asyncio.sleep(1)
    raise AssertionError(f"the poison record reached no DLQ within {within}s")
