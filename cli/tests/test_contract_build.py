"""Generation from the code: closed, documented schemas whose `$id` is the envelope's URI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID

import pytest
from jsonschema import Draft202012Validator
from pydantic import Field

from t2t_cli.contract.build import build
from t2t_cli.contract.discovery import TopicContract, discover
from t2t_cli.contract.schemas import ContractError, default_schema_base_url
from t2t_shared.envelope import event_record, header_value
from t2t_shared.events import IntegrationEvent


class Documented(IntegrationEvent):
    """A documented event."""

    service: ClassVar[str] = "demo"
    subject_field: ClassVar[str] = "thing_id"
    thing_id: UUID = Field(
        description="The thing", examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"]
    )
    size: int = Field(description="How big", examples=[3])


def topic(*events: type[IntegrationEvent]) -> list[TopicContract]:
    return [TopicContract("demo", "events", events)]


def closed_everywhere(schema: Any) -> bool:
    objects = [schema, *schema.get("$defs", {}).values()]
    return all(o.get("additionalProperties") is False for o in objects if "properties" in o)


def test_every_published_schema_is_valid_closed_and_its_example_validates() -> None:
    contract = build()
    assert {e.ce_type for e in contract.events} >= {"t2t.referrals.ReferralReceived.v1"}
    for event in contract.events:
        Draft202012Validator.check_schema(event.schema)
        validator = Draft202012Validator(
            event.schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        errors = [e.message for e in validator.iter_errors(event.example)]
        assert errors == [], event.ce_type
        assert closed_everywhere(event.schema), event.ce_type
        assert validator.is_valid(event.example | {"unexpected": 1}) is False


def test_schema_id_is_the_dataschema_the_envelope_writes() -> None:
    for event in build().events:
        record = event_record(
            event.event.model_validate(event.example),
            topic="t",
            source="/t2t/dev/x",
            schema_base_url=default_schema_base_url(),
        )
        assert header_value(record.headers, "ce_dataschema") == event.schema["$id"]
        assert header_value(record.headers, "ce_type") == event.ce_type


def test_discovery_reads_the_tuples_and_skips_absent_services() -> None:
    found = discover(("referrals", "no_such_service"))
    assert [(t.service, t.kind) for t in found] == [
        ("referrals", "events"),
        ("referrals", "contacts"),
    ]
    from referrals.events import CONTACTS, PUBLISHED

    assert found[0].event_types == PUBLISHED
    assert found[1].event_types == CONTACTS


def test_discovery_finds_a_service_that_starts_publishing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, body in {
        "newsvc": "from t2t_shared.events import IntegrationEvent\n"
        "class Opened(IntegrationEvent):\n"
        "    service = 'newsvc'\n"
        "    subject_field = 'thing_id'\n"
        "    thing_id: str\n"
        "PUBLISHED = (Opened,)\n",
        "quietsvc": "SOMETHING_ELSE = 1\n",  # a module without the tuple is skipped
    }.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
        (tmp_path / name / "events.py").write_text(body)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        found = discover(("newsvc", "quietsvc"))
        assert [(t.service, t.kind) for t in found] == [("newsvc", "events")]
        assert [e.ce_type() for e in found[0].event_types] == ["t2t.newsvc.Opened.v1"]
    finally:
        for name in ("newsvc", "newsvc.events", "quietsvc", "quietsvc.events"):
            sys.modules.pop(name, None)


def test_discovery_does_not_hide_a_broken_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "brokensvc"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "events.py").write_text("import a_module_nobody_installed\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="a_module_nobody_installed"):
        discover(("brokensvc",))
    sys.modules.pop("brokensvc", None)
    sys.modules.pop("brokensvc.events", None)


def test_a_field_without_description_or_example_fails_generation() -> None:
    class Undocumented(Documented):
        colour: str = Field(examples=["red"])
        shade: str = Field(description="How dark")

    with pytest.raises(ContractError) as failure:
        build(topic(Undocumented), pending=frozenset())
    message = str(failure.value)
    assert "t2t.demo.Undocumented.v1: field 'colour' has no description" in message
    assert "t2t.demo.Undocumented.v1: field 'shade' has no examples" in message
    assert "Field(description=..., examples=[...])" in message


def test_a_pending_field_is_tolerated_until_it_is_documented() -> None:
    class Pending(Documented):
        colour: str = Field(description="Colour")

    pending = frozenset({("t2t.demo.Pending.v1", "colour", "examples")})
    assert build(topic(Pending), pending=pending).events[0].example["colour"] == "example"
    with pytest.raises(ContractError, match=r"'size' has its examples now: remove it from"):
        build(
            topic(Documented), pending=frozenset({("t2t.demo.Documented.v1", "size", "examples")})
        )


def test_field_examples_must_make_a_valid_event() -> None:
    class BadExample(Documented):
        when: int = Field(description="A number", examples=["soon"])

    with pytest.raises(
        ContractError, match=r"BadExample\.v1: the field examples do not make a valid"
    ):
        build(topic(BadExample), pending=frozenset())


def test_nested_models_need_documented_fields_too() -> None:
    from pydantic import BaseModel

    class Slot(BaseModel):
        weekday: int = Field(description="0 = Monday")

    class WithSlot(Documented):
        slot: Slot = Field(description="When", examples=[{"weekday": 1}])

    with pytest.raises(ContractError, match=r"field 'Slot\.weekday' has no examples"):
        build(topic(WithSlot), pending=frozenset())


def test_an_event_type_on_two_topics_is_refused() -> None:
    twice = [*topic(Documented), TopicContract("demo", "contacts", (Documented,))]
    with pytest.raises(ContractError, match="listed twice"):
        build(twice, pending=frozenset())


def test_a_superseded_type_is_marked_deprecated_with_its_notice() -> None:
    class Old(Documented):
        """The first shape."""

        deprecated: ClassVar[str] = "use t2t.demo.Old.v2; last published 2027-03-01"

    (event,) = build(topic(Old), pending=frozenset()).events
    assert event.schema["deprecated"] is True
    assert event.schema["description"] == (
        "The first shape. Deprecated: use t2t.demo.Old.v2; last published 2027-03-01"
    )
    assert "deprecated" not in build(topic(Documented), pending=frozenset()).events[0].schema
