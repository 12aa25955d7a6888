"""Every payload the published contract shows for an event type, as consumers must read it.

The message example, then one variant per documented value of each field (its examples, every
enum value, its const, null where the schema allows it), then the example cut down to the
required fields. Each variant is itself checked against the schema, so only payloads a producer
may publish are used.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from tests.fixtures.contract_payloads import message_example, problems, schema


@dataclass(frozen=True)
class Published:
    label: str
    payload: dict[str, Any]


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    return defs.get(ref.removeprefix("#/$defs/"), node) if ref.startswith("#/$defs/") else node


def documented_values(prop: dict[str, Any], defs: dict[str, Any]) -> list[Any]:
    """The values the schema names for one field."""
    values: list[Any] = list(prop.get("examples", []))
    for option in [prop, *prop.get("anyOf", []), *prop.get("oneOf", [])]:
        option = _resolve(option, defs)
        values += option.get("enum", [])
        if "const" in option:
            values.append(option["const"])
        if option.get("type") == "null":
            values.append(None)
    unique: list[Any] = []
    for value in values:
        if value not in unique:
            unique.append(value)
    return unique


def payloads(ce_type: str) -> list[Published]:
    event_schema = schema(ce_type)
    defs = event_schema.get("$defs", {})
    base = message_example(ce_type)
    found = [Published("the message example", base)]
    for name, prop in event_schema.get("properties", {}).items():
        for value in documented_values(prop, defs):
            if base.get(name, object()) == value:
                continue
            variant = copy.deepcopy(base) | {name: value}
            if not problems(ce_type, variant):
                found.append(Published(f"{name}={value!r}", variant))
    required = set(event_schema.get("required", []))
    minimal = {k: v for k, v in base.items() if k in required}
    if minimal != base and not problems(ce_type, minimal):
        found.append(Published("only the required fields", minimal))
    return found
