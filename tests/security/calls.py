"""Requests built from an OpenAPI operation: path ids filled, `area` set, a body from examples."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.security.principals import AREA


@dataclass(frozen=True)
class Target:
    """What the request is about, so which callers its scope lets through."""

    area: str | None = None
    ods_code: str | None = None
    # A group (or its session) that the matrix's facilitator does not lead.
    facilitated: bool = False


@dataclass
class Call:
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    body: Any = None
    target: Target | None = None


def build(
    method: str,
    template: str,
    operation: dict[str, Any],
    schema: dict[str, Any],
    seeded: dict[str, tuple[str, Target]],
    bodies: dict[tuple[str, str], Any],
) -> Call:
    """`seeded` maps a path parameter name to a real id and what it is about."""
    path, target = template, None
    params: dict[str, str] = {}
    for param in operation.get("parameters", []):
        name, where = param["name"], param["in"]
        if where == "path":
            value, about = _path_value(name, param.get("schema", {}), seeded)
            path = path.replace("{" + name + "}", value)
            target = target or about
        elif where == "query" and name == "area":
            params["area"] = AREA
            target = target or Target(area=AREA)
    body = bodies.get((method, template))
    if body is None and "requestBody" in operation:
        content = operation["requestBody"].get("content", {}).get("application/json", {})
        body = example(content.get("schema", {}), schema)
    if isinstance(body, dict) and body.get("area") == AREA:
        target = target or Target(area=AREA, ods_code=(body.get("referrer") or {}).get("ods_code"))
    return Call(method, path, params, body, target)


def _path_value(
    name: str, param_schema: dict[str, Any], seeded: dict[str, tuple[str, Target]]
) -> tuple[str, Target | None]:
    if name in seeded:
        return seeded[name]
    if name == "area":
        return AREA, Target(area=AREA)
    if "enum" in param_schema:
        return str(param_schema["enum"][0]), None
    if param_schema.get("format") == "uuid":
        return str(uuid.uuid4()), None
    return f"made-up-{uuid.uuid4().hex[:8]}", None


def example(node: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> Any:
    """A value the schema accepts, preferring the document's own examples."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return example(schema["components"]["schemas"][name], schema, depth + 1)
    if node.get("examples"):
        return node["examples"][0]
    if "example" in node:
        return node["example"]
    if "default" in node:
        return node["default"]
    if "enum" in node:
        return node["enum"][0]
    if "const" in node:
        return node["const"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if o.get("type") != "null"] or node[key]
            return example(options[0], schema, depth + 1)
    return _by_type(node, schema, depth)


def _by_type(node: dict[str, Any], schema: dict[str, Any], depth: int) -> Any:
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        required = node.get("required", list(node.get("properties", {})))
        props = node.get("properties", {})
        return {k: example(props[k], schema, depth + 1) for k in required if k in props}
    if kind == "array":
        return [example(node.get("items", {}), schema, depth + 1)] if depth < 6 else []
    if kind == "integer":
        return max(int(node.get("minimum", 1)), 1)
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    formats = {
        "date": "2026-12-01",
        "date-time": "2026-12-01T10:00:00Z",
        "uuid": str(uuid.uuid4()),
        "email": "someone@example.org",
    }
    return formats.get(node.get("format", ""), "matrix")
