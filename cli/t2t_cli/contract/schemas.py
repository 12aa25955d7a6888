"""One closed JSON Schema per event type, built from its pydantic model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from pydantic import ValidationError

from t2t_shared.envelope import schema_uri
from t2t_shared.events import IntegrationEvent
from t2t_shared.settings import PlatformSettings

DIALECT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]


class ContractError(Exception):
    """The code cannot be published as a contract as it stands; the message says why."""


def default_schema_base_url() -> str:
    """The base of `ce_dataschema` that the envelope writes unless a deployment overrides it."""
    return cast(str, PlatformSettings.model_fields["schema_base_url"].default)


@dataclass(frozen=True, order=True)
class Gap:
    """A field of an event type without a description or an example."""

    ce_type: str
    field: str
    missing: str

    def __str__(self) -> str:
        return f"{self.ce_type}: field '{self.field}' has no {self.missing}"


def event_schema(event: type[IntegrationEvent], base_url: str) -> Schema:
    """The payload schema: pydantic's, closed at every level, with `$id` = `ce_dataschema`."""
    generated = event.model_json_schema(mode="serialization")
    for name, obj in _objects(generated):
        if obj.get("additionalProperties") not in (None, False):
            raise ContractError(
                f"{event.ce_type()}: {name} allows extra fields; published models are closed"
            )
        # Nested models dump only their declared fields, so they are closed on the wire too.
        obj["additionalProperties"] = False
    head: Schema = {
        "$schema": DIALECT,
        "$id": schema_uri(base_url, event),
        "title": event.ce_type(),
        "description": (event.__doc__ or "").strip() or generated.get("description", ""),
        "x-ce-type": event.ce_type(),
        "x-key": event.subject_field,
    }
    # A model superseded by a new major type says so with `deprecated: ClassVar[str] = "..."`.
    if notice := getattr(event, "deprecated", None):
        head["deprecated"] = True
        head["description"] = f"{head['description']} Deprecated: {notice}".strip()
    generated.pop("title", None)
    generated.pop("description", None)
    return head | generated


def gaps(ce_type: str, schema: Schema) -> list[Gap]:
    """Every field, nested ones included, that lacks a description or an example."""
    found = []
    for owner, obj in _objects(schema):
        for field, prop in obj["properties"].items():
            path = field if owner == "" else f"{owner}.{field}"
            found += [Gap(ce_type, path, m) for m in ("description", "examples") if m not in prop]
    return found


def example(event: type[IntegrationEvent], schema: Schema) -> Schema:
    """A whole event built from the field examples, checked by the model itself."""
    data = _sample(schema, schema)
    try:
        built = event.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        raise ContractError(
            f"{event.ce_type()}: the field examples do not make a valid event:\n{exc}"
        ) from exc
    return built.model_dump(mode="json")


def _sample(prop: Schema, root: Schema) -> Any:
    """The field's first example; a stand-in only for a field pending.py lets through."""
    if "examples" in prop:
        return prop["examples"][0]
    while "$ref" in prop:
        prop = root["$defs"][prop["$ref"].removeprefix("#/$defs/")]
    if "properties" in prop:
        return {name: _sample(p, root) for name, p in prop["properties"].items()}
    for option in [prop, *prop.get("anyOf", [])]:
        if "enum" in option or "const" in option:
            return option.get("enum", [option.get("const")])[0]
        if option.get("format") in _FORMATS:
            return _FORMATS[option["format"]]
        if option.get("type") in _TYPES:
            return _TYPES[option["type"]]
        if option.get("type") == "array":
            return [_sample(option.get("items", {}), root)]
        if "$ref" in option:
            return _sample(option, root)
    return None


_FORMATS = {
    "uuid": "00000000-0000-4000-8000-000000000000",
    "date-time": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "time": "18:30:00",
}
_TYPES: dict[str, Any] = {"string": "example", "boolean": True, "integer": 1, "number": 1.0}


def _objects(schema: Schema) -> Iterator[tuple[str, Schema]]:
    """The top-level object ("") and every object definition in `$defs`, by name."""
    if "properties" in schema:
        yield "", schema
    for name, definition in schema.get("$defs", {}).items():
        if "properties" in definition:
            yield name, definition
