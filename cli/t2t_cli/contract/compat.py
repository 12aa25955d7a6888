"""FULL compatibility of two payload schemas of one event type (closed content models).

FULL = backward (a reader on the new schema reads every old event: subscribers replay from
the start of a topic) and forward (a reader on the old schema reads every new event:
subscribers upgrade after publishers). Readers are tolerant (docs/architecture.md): they ignore
fields they do not know, so a new *optional* field is the one addition that is compatible
both ways. Checked against every released version of the type, that is FULL_TRANSITIVE.

Descriptions, titles, examples and defaults are annotations and never break anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]

# Why each change breaks someone: a backward break fails new readers on old events, a
# forward break fails old readers on new events.
RULES: dict[str, str] = {
    "FIELD_REMOVED": "a field was removed or renamed: old events carry it, old readers need it",
    "FIELD_ADDED_REQUIRED": "a new field is required: old events do not have it",
    "BECAME_REQUIRED": "an optional field became required: old events may lack it",
    "BECAME_OPTIONAL": "a required field became optional: old readers count on it",
    "TYPE_CHANGED": "the field's type or format changed: one side cannot read the other",
    "NULL_ADDED": "the field may now be null: old readers do not expect null",
    "NULL_REMOVED": "the field may no longer be null: old events hold nulls",
    "ENUM_NARROWED": "coded values were removed: old events hold them",
    "ENUM_WIDENED": "coded values were added: old readers do not know them",
    "ENUM_CHANGED": "a coded field became free text, or the other way round",
    "CONSTRAINT_CHANGED": "a validation limit changed: one side's values break the other's",
    "KEY_CHANGED": "the record key changed: one aggregate's events would lose their order",
}

CONSTRAINTS = (
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
)  # fmt: skip


@dataclass(frozen=True)
class Violation:
    rule: str
    path: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path or '(event)'}: {self.detail} [{self.rule}: {RULES[self.rule]}]"


def compare(old: Schema, new: Schema) -> list[Violation]:
    """Every change from `old` to `new` that breaks a reader on either side."""
    found = _Comparison(old, new).object(old, new, "")
    if old.get("x-key") != new.get("x-key"):
        found.append(Violation("KEY_CHANGED", "", f"key {old.get('x-key')} → {new.get('x-key')}"))
    return found


class _Comparison:
    def __init__(self, old_root: Schema, new_root: Schema) -> None:
        self.roots = (old_root, new_root)

    def object(self, old: Schema, new: Schema, path: str) -> list[Violation]:
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_req, new_req = set(old.get("required", [])), set(new.get("required", []))
        found: list[Violation] = []
        for name in old_props:
            if name not in new_props:
                found.append(Violation("FIELD_REMOVED", _at(path, name), "removed"))
        for name in new_props:
            if name not in old_props and name in new_req:
                found.append(Violation("FIELD_ADDED_REQUIRED", _at(path, name), "added, required"))
        for name in (n for n in old_props if n in new_props):
            where = _at(path, name)
            if name in old_req and name not in new_req:
                found.append(Violation("BECAME_OPTIONAL", where, "no longer required"))
            if name not in old_req and name in new_req:
                found.append(Violation("BECAME_REQUIRED", where, "now required"))
            found += self.value(old_props[name], new_props[name], where)
        return found

    def value(self, old: Schema, new: Schema, path: str) -> list[Violation]:
        old_null, old_branches = self._split(old, 0)
        new_null, new_branches = self._split(new, 1)
        found: list[Violation] = []
        if new_null and not old_null:
            found.append(Violation("NULL_ADDED", path, "may now be null"))
        if old_null and not new_null:
            found.append(Violation("NULL_REMOVED", path, "may no longer be null"))
        if [_type(b) for b in old_branches] != [_type(b) for b in new_branches]:
            if len(old_branches) == len(new_branches) == 1:
                return found + self.single(old_branches[0], new_branches[0], path)
            return [*found, Violation("TYPE_CHANGED", path, "its union of types changed")]
        for old_branch, new_branch in zip(old_branches, new_branches, strict=True):
            found += self.single(old_branch, new_branch, path)
        return found

    def single(self, old: Schema, new: Schema, path: str) -> list[Violation]:
        old_kind, new_kind = _type(old), _type(new)
        if old_kind != new_kind:
            return [Violation("TYPE_CHANGED", path, f"{_kind(old_kind)} → {_kind(new_kind)}")]
        found = self._enum(old, new, path)
        for key in CONSTRAINTS:
            if old.get(key) != new.get(key):
                detail = f"{key} {old.get(key)} → {new.get(key)}"
                found.append(Violation("CONSTRAINT_CHANGED", path, detail))
        if old_kind[0] == "object":
            found += self.object(old, new, path)
        if old_kind[0] == "array":
            found += self.value(old.get("items", {}), new.get("items", {}), f"{path}[]")
        return found

    def _enum(self, old: Schema, new: Schema, path: str) -> list[Violation]:
        old_values, new_values = _values(old), _values(new)
        if old_values is None and new_values is None:
            return []
        if old_values is None or new_values is None:
            return [Violation("ENUM_CHANGED", path, "coded values appeared or disappeared")]
        found = []
        if removed := [v for v in old_values if v not in new_values]:
            found.append(Violation("ENUM_NARROWED", path, f"values removed: {removed}"))
        if added := [v for v in new_values if v not in old_values]:
            found.append(Violation("ENUM_WIDENED", path, f"values added: {added}"))
        return found

    def _split(self, schema: Schema, side: int) -> tuple[bool, list[Schema]]:
        """(may be null, the non-null alternatives), with `$ref`s resolved."""
        schema = self._resolve(schema, side)
        branches = [self._resolve(b, side) for b in schema.get("anyOf", [schema])]
        nullable = any(b.get("type") == "null" for b in branches)
        return nullable, [b for b in branches if b.get("type") != "null"]

    def _resolve(self, schema: Schema, side: int) -> Schema:
        while "$ref" in schema:
            name = schema["$ref"].removeprefix("#/$defs/")
            schema = self.roots[side]["$defs"][name]
        return schema


def _values(schema: Schema) -> list[Any] | None:
    if "enum" in schema:
        return list(schema["enum"])
    return [schema["const"]] if "const" in schema else None


def _type(schema: Schema) -> tuple[Any, Any]:
    return schema.get("type"), schema.get("format")


def _kind(kind: tuple[Any, Any]) -> str:
    return kind[0] if kind[1] is None else f"{kind[0]} ({kind[1]})"


def _at(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
