"""The console's side of the contract: ops decodes every public event as published, and each
field it reads (`event.text("reason")`, `.number`, `.flag`, `.moment`) is one a producer
publishes, in a shape the reader understands."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ops.domain.observed import ObservedEvent, decode
from tests.contract.consumers.published import payloads
from tests.fixtures.contract_payloads import (
    channels,
    message_headers,
    restricted,
    schema,
)

OPS = Path(__file__).resolve().parents[3] / "services" / "ops" / "ops"
READERS = ("text", "number", "flag", "moment")
FIELD = re.compile(r"^[a-z][a-z0-9_]*$")
PUBLIC = sorted(
    ce_type
    for ce_type, topics in channels().items()
    if not any(restricted(topic) for topic in topics)
)


def _decoded(ce_type: str, payload: dict[str, Any]) -> ObservedEvent | None:
    topic = f"t2t.{channels()[ce_type][0]}"
    headers = [(k, v.encode()) for k, v in message_headers(ce_type).items()]
    return decode(
        topic=topic, partition=0, offset=0, value=json.dumps(payload).encode(), headers=headers
    )


def reads(root: Path = OPS) -> set[tuple[str, str]]:
    """(reader, field) for every `x.text("field")`-style call in the ops package."""
    found = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in READERS
                and len(node.args) == 1
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and FIELD.match(node.args[0].value)  # not SQLAlchemy's text("SELECT ...")
            ):
                found.add((node.func.attr, node.args[0].value))
    return found


READS = sorted(reads())


@pytest.mark.parametrize("ce_type", PUBLIC)
def test_ops_decodes_every_published_payload(ce_type: str) -> None:
    for published in payloads(ce_type):
        event = _decoded(ce_type, published.payload)
        assert event is not None, f"ops: {ce_type} ({published.label}) decoded as not ours"
        assert event.type == ce_type
        area = published.payload.get("area")
        assert event.area == (area if isinstance(area, str) else None), (
            f"ops: {ce_type} ({published.label}): field area read as {event.area!r}"
        )


def _publishing(field: str) -> Iterator[str]:
    return (t for t in PUBLIC if field in schema(t).get("properties", {}))


def test_ops_reads_fields_with_its_readers() -> None:
    # The scan itself: the console reads reasons as text and closures as moments.
    assert ("text", "reason") in READS
    assert ("moment", "closed_at") in READS


def unreadable(reader: str, field: str) -> list[str]:
    """Published values of the field that ops' reader turns into nothing."""
    failures = []
    for ce_type in _publishing(field):
        for published in payloads(ce_type):
            value = published.payload.get(field)
            if value is None:
                continue
            event = _decoded(ce_type, published.payload)
            read = None if event is None else getattr(event, reader)(field)
            if read is None or (reader == "flag" and not isinstance(value, bool)):
                failures.append(f"{ce_type} field {field}={value!r} ({published.label})")
    return failures


def test_a_reader_that_does_not_fit_the_published_shape_is_caught() -> None:
    assert unreadable("number", "area")  # areas are names, not numbers
    assert unreadable("moment", "referral_id")


@pytest.mark.parametrize(("reader", "field"), READS, ids=[f"{r}:{f}" for r, f in READS])
def test_every_field_ops_reads_is_published_in_a_shape_it_reads(reader: str, field: str) -> None:
    assert any(_publishing(field)), (
        f"ops reads field {field} ({reader}), which no public event publishes"
    )
    failures = unreadable(reader, field)
    assert not failures, f"ops cannot read with .{reader}():\n  " + "\n  ".join(failures)
