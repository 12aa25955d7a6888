"""The canary search itself can fail: it finds a planted value in a log, a topic and a table,
in every shape the platform may give it, and says where."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from referrals.domain import validation
from t2t_shared.kernel import contact
from tests.fixtures import canary_places
from tests.fixtures.canary import (
    Allowance,
    CanarySet,
    birth_date_canary,
    mobile_canary,
    nhs_number_canary,
    postcode_canary,
    text_canary,
    unexplained,
)
from tests.fixtures.services import publish, unique_prefix


def test_canaries_pass_the_services_own_validation() -> None:
    rng = random.Random(13)
    for _ in range(50):
        assert validation.normalise_nhs_number(nhs_number_canary("n", rng).value)
        assert contact.normalise_uk_mobile(mobile_canary("m", rng).value).startswith("+447")
        assert contact.normalise_postcode(postcode_canary("p", "LS6", rng).value)
    email = text_canary("e", "canary-{}@example.org").value
    assert contact.normalise_email(email) == email


def test_a_value_is_found_in_every_shape_it_may_take() -> None:
    canaries = CanarySet()
    mobile = canaries.add(mobile_canary("person.mobile"))
    nhs = canaries.add(nhs_number_canary("person.nhs_number"))
    name = canaries.add(text_canary("person.given_name"))
    born = canaries.add(birth_date_canary("person.date_of_birth"))
    e164 = "+44" + mobile[1:]
    spaced_nhs = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
    text = f"to={e164} nhs={spaced_nhs} name={name.upper()} dob={born}"
    assert {hit.kind for hit in canaries.search("here", text)} == {
        "person.mobile",
        "person.nhs_number",
        "person.given_name",
        "person.date_of_birth",
    }
    assert canaries.search("here", "to=+447700900123 nhs=[redacted] name=Sam") == []


def test_an_allowance_covers_only_its_place_and_kind() -> None:
    canaries = CanarySet()
    name = canaries.add(text_canary("person.given_name"))
    hits = canaries.search("table:t2t_x.public.kept.name[row 0]", name)
    hits += canaries.search("table:t2t_x.public.other.name[row 0]", name)
    allowed = [Allowance("table:t2t_x.public.kept.", ".given_name", "kept for a reason")]
    assert [h.where for h in unexplained(hits, allowed)] == ["table:t2t_x.public.other.name[row 0]"]


def test_a_planted_log_line_is_found_with_its_service_and_line(tmp_path: Path) -> None:
    canaries = CanarySet()
    email = canaries.add(text_canary("person.email", "canary-{}@example.org"))
    log = tmp_path / "stack.log"
    log.write_text(
        'referrals     │ {"event": "referral received"}\n'
        f'notifications │ {{"event": "send failed", "error": "550 <{email}> refused"}}\n'
    )
    [hit] = [
        h
        for where, text in canary_places.log_lines(log).items()
        for h in canaries.search(where, text)
    ]
    assert (hit.where, hit.kind) == ("log:stack.log:notifications:2", "person.email")


@pytest.mark.integration
async def test_a_planted_record_is_found_in_its_topic_key_value_and_headers(
    kafka_bootstrap: str,
) -> None:
    canaries = CanarySet()
    in_value = canaries.add(text_canary("dlq.value"))
    in_header = canaries.add(mobile_canary("dlq.header"))
    prefix = unique_prefix()
    topic = f"{prefix}x.dlq"
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])
    finally:
        await admin.close()
    await publish(
        kafka_bootstrap,
        [
            (topic, b"k1", b'{"id": 1}', [("ce_id", b"1")]),
            (
                topic,
                b"k2",
                f'{{"name": "{in_value}"}}'.encode(),
                [("t2t-error", in_header.encode())],
            ),
        ],
    )
    assert await canary_places.topic_names(kafka_bootstrap, prefix) == [topic]
    places = await canary_places.topic_records(kafka_bootstrap, [topic])
    found = {
        (h.kind, h.where.split("] ")[1]) for w, t in places.items() for h in canaries.search(w, t)
    }
    assert found == {("dlq.value", "value"), ("dlq.header", "header t2t-error")}


@pytest.mark.integration
async def test_a_planted_row_is_found_with_its_table_and_column(fresh_database: Any) -> None:
    canaries = CanarySet()
    in_text = canaries.add(text_canary("person.family_name"))
    in_bytes = canaries.add(nhs_number_canary("person.nhs_number"))
    url = fresh_database("canary_search")
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            "CREATE TABLE kept (id int, note text, payload bytea, tags text[])"
        )
        await connection.execute(
            "INSERT INTO kept VALUES (1, 'nothing here', NULL, NULL), (2, $1, $2, $3)",
            "quiet",
            f'{{"nhs": "{in_bytes}"}}'.encode(),
            ["a", in_text],
        )
    finally:
        await connection.close()
    places = await canary_places.table_cells(url)
    found = {
        (h.kind, h.where.split(".", 2)[2].split("[")[0])
        for w, t in places.items()
        for h in canaries.search(w, t)
    }
    assert found == {("person.nhs_number", "kept.payload"), ("person.family_name", "kept.tags")}
