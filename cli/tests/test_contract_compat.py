"""One test per compatibility rule (t2t_cli.contract.compat), on schemas pydantic generates."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from t2t_cli.contract.compat import RULES, compare
from t2t_cli.contract.schemas import event_schema
from t2t_shared.events import IntegrationEvent

BASE = "https://example.org/schemas"


class Slot(BaseModel):
    weekday: int = Field(ge=0, le=6)
    start: str


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


class Thing(IntegrationEvent):
    """The released shape every variant below is compared with."""

    service: ClassVar[str] = "demo"
    subject_field: ClassVar[str] = "thing_id"

    thing_id: UUID = Field(
        description="The thing", examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"]
    )
    kind: Literal["a", "b"]
    count: int = Field(ge=0)
    note: str | None
    channel: str = "email"
    when: datetime
    tags: list[str]
    slot: Slot
    colour: Colour
    size: int | str


def rules(new: type[IntegrationEvent], old: type[IntegrationEvent] = Thing) -> set[str]:
    return {v.rule for v in compare(event_schema(old, BASE), event_schema(new, BASE))}


def variant(**changes: object) -> type[IntegrationEvent]:
    """A subclass of Thing with some fields re-declared (annotation, default-or-Field)."""
    annotations = {name: spec[0] for name, spec in changes.items()}  # type: ignore[index]
    namespace: dict[str, object] = {"__annotations__": annotations}
    namespace |= {name: spec[1] for name, spec in changes.items() if len(spec) > 1}  # type: ignore[arg-type]
    return type("Thing", (Thing,), namespace)


def test_the_same_schema_is_compatible() -> None:
    assert rules(Thing) == set()


def test_annotations_never_break() -> None:
    described = variant(count=(int, Field(ge=0, description="How many", examples=[3])))
    assert rules(described) == set()


def test_a_new_optional_field_is_compatible() -> None:
    assert rules(variant(extra=(str | None, None))) == set()


def test_a_removed_field_breaks() -> None:
    class Without(IntegrationEvent):
        service: ClassVar[str] = "demo"
        subject_field: ClassVar[str] = "thing_id"
        thing_id: UUID

    found = compare(event_schema(Thing, BASE), event_schema(Without, BASE))
    assert {v.rule for v in found} == {"FIELD_REMOVED"}
    assert {v.path for v in found} == set(Thing.model_fields) - {"thing_id"}


def test_a_renamed_field_is_a_removal_and_a_required_addition() -> None:
    class Renamed(IntegrationEvent):
        service: ClassVar[str] = "demo"
        subject_field: ClassVar[str] = "thing_id"
        thing_id: UUID
        kind: Literal["a", "b"]
        total: int = Field(ge=0)  # was count
        note: str | None
        channel: str = "email"
        when: datetime
        tags: list[str]
        slot: Slot
        colour: Colour
        size: int | str

    found = {
        (v.rule, v.path) for v in compare(event_schema(Thing, BASE), event_schema(Renamed, BASE))
    }
    assert found == {("FIELD_REMOVED", "count"), ("FIELD_ADDED_REQUIRED", "total")}


def test_a_new_required_field_breaks() -> None:
    assert rules(variant(extra=(str,))) == {"FIELD_ADDED_REQUIRED"}


def test_a_new_nullable_field_without_default_is_required_so_breaks() -> None:
    assert rules(variant(extra=(str | None,))) == {"FIELD_ADDED_REQUIRED"}


def test_optional_to_required_breaks() -> None:
    assert rules(variant(channel=(str,))) == {"BECAME_REQUIRED"}


def test_required_to_optional_breaks() -> None:
    assert rules(variant(when=(datetime, datetime(2026, 1, 1)))) == {"BECAME_OPTIONAL"}


def test_a_type_change_breaks() -> None:
    assert rules(variant(count=(str,))) == {"TYPE_CHANGED"}


def test_a_format_change_breaks() -> None:
    assert rules(variant(when=(date,))) == {"TYPE_CHANGED"}


def test_a_union_change_breaks() -> None:
    assert rules(variant(size=(int | float,))) == {"TYPE_CHANGED"}


def test_allowing_null_breaks() -> None:
    assert rules(variant(kind=(Literal["a", "b"] | None,))) == {"NULL_ADDED"}


def test_refusing_null_breaks() -> None:
    assert rules(variant(note=(str,))) == {"NULL_REMOVED"}


def test_removing_a_coded_value_breaks() -> None:
    assert rules(variant(kind=(Literal["a"],))) == {"ENUM_NARROWED"}


def test_adding_a_coded_value_breaks_old_readers() -> None:
    assert rules(variant(kind=(Literal["a", "b", "c"],))) == {"ENUM_WIDENED"}


def test_adding_a_value_to_an_enum_class_breaks() -> None:
    wider = enum.StrEnum("Colour", {"RED": "red", "BLUE": "blue", "GREEN": "green"})
    assert rules(variant(colour=(wider,))) == {"ENUM_WIDENED"}


def test_coded_values_becoming_free_text_breaks() -> None:
    assert rules(variant(kind=(str,))) == {"ENUM_CHANGED"}


def test_a_changed_limit_breaks() -> None:
    assert rules(variant(count=(int, Field(ge=1)))) == {"CONSTRAINT_CHANGED"}


def test_a_new_record_key_breaks() -> None:
    class Rekeyed(Thing):
        subject_field: ClassVar[str] = "kind"

    assert rules(Rekeyed) == {"KEY_CHANGED"}


def test_nested_fields_follow_the_same_rules_and_name_their_path() -> None:
    class WiderSlot(BaseModel):
        weekday: int = Field(ge=0, le=7)
        start: str

    found = compare(event_schema(Thing, BASE), event_schema(variant(slot=(WiderSlot,)), BASE))
    assert [(v.rule, v.path) for v in found] == [("CONSTRAINT_CHANGED", "slot.weekday")]


def test_a_nested_model_inside_a_union_is_compared() -> None:
    class Other(BaseModel):
        weekday: int = Field(ge=0, le=6)

    class Moved(BaseModel):
        weekday: str
        start: str

    old = variant(slot=(Slot | Other,))
    found = compare(event_schema(old, BASE), event_schema(variant(slot=(Moved | Other,)), BASE))
    assert [(v.rule, v.path) for v in found] == [("TYPE_CHANGED", "slot.weekday")]


def test_array_items_are_compared() -> None:
    found = compare(event_schema(Thing, BASE), event_schema(variant(tags=(list[int],)), BASE))
    assert [(v.rule, v.path) for v in found] == [("TYPE_CHANGED", "tags[]")]


def test_a_violation_reads_as_path_change_and_reason() -> None:
    (violation,) = compare(event_schema(Thing, BASE), event_schema(variant(note=(str,)), BASE))
    assert str(violation) == f"note: may no longer be null [NULL_REMOVED: {RULES['NULL_REMOVED']}]"
