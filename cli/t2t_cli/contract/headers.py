"""The fixed parts of the AsyncAPI document: envelope headers, servers, security, tombstone."""

from __future__ import annotations

from typing import Any

KAFKA_BINDING = {"bindingVersion": "0.5.0"}


def _header(description: str, example: str, **schema: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, "examples": [example]} | schema


# What every publisher writes: CloudEvents binary-mode headers (CloudEvent.to_headers).
CLOUDEVENTS_HEADERS: dict[str, Any] = {
    "type": "object",
    "description": "CloudEvents 1.0 attributes in Kafka binary mode, as UTF-8 header values.",
    "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "content-type"],
    "properties": {
        "ce_specversion": _header("CloudEvents version", "1.0", const="1.0"),
        "ce_id": _header(
            "Unique id of the event (a UUID); with ce_source, the key for idempotent consumption",
            "7d1c3a52-7a8e-4a43-9a5e-3b1d2f0c9e41",
        ),
        "ce_source": _header(
            "Publisher: /t2t/{deployment}/{service}",
            "/t2t/west-yorkshire/referrals",
            pattern="^/t2t/[^/]+/[^/]+$",
        ),
        "ce_type": _header(
            "t2t.{service}.{EventName}.v{major}: selects the payload schema",
            "t2t.referrals.ReferralReceived.v1",
            pattern=r"^t2t\.[a-z]+\.[A-Za-z]+\.v[0-9]+$",
        ),
        "ce_time": _header(
            "When the event happened, RFC 3339 in UTC",
            "2026-11-26T09:30:00.123456Z",
            format="date-time",
        ),
        "ce_subject": _header(
            "The aggregate id; equal to the record key", "0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"
        ),
        "content-type": _header("Media type of the value", "application/json"),
        "ce_dataschema": _header(
            "URI of the payload's JSON Schema (its $id), carrying the major version",
            "https://type2together.org.uk/schemas/referrals/ReferralReceived.v1.json",
            format="uri",
        ),
        "traceparent": _header(
            "W3C trace context of the request that caused the event",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ),
    },
}

CLOUDEVENTS_TRAIT: dict[str, Any] = {
    "summary": "A CloudEvent in Kafka binary mode: attributes in ce_ headers, data in the value",
    "contentType": "application/json",
    "headers": {"$ref": "#/components/schemas/CloudEventsHeaders"},
}

TOMBSTONE: dict[str, Any] = {
    "name": "Tombstone",
    "title": "Erasure (tombstone)",
    "summary": "A null value under a person's or volunteer's id: erase every copy you hold",
    "description": (
        "The owner erased the person. The key is the id; the value is null. Delete what you "
        "keep under that id. Compaction later removes the earlier records of the key."
    ),
    "payload": {"type": "null"},
    "bindings": {
        "kafka": {"key": {"type": "string", "format": "uuid", "description": "The erased id"}}
        | KAFKA_BINDING
    },
}

SERVERS: dict[str, Any] = {
    "production": {
        "host": "{bootstrap}",
        "protocol": "kafka-secure",
        "description": (
            "A regional deployment's Kafka (Strimzi): TLS listener, SCRAM-SHA-512 as your "
            "KafkaUser, ACLs per topic and consumer group. Ask the platform team for a user."
        ),
        "variables": {
            "bootstrap": {
                "description": "Bootstrap address of the regional cluster",
                "default": "t2t-kafka-bootstrap:9093",
            }
        },
        "security": [{"$ref": "#/components/securitySchemes/scram"}],
    },
    "local": {
        "host": "127.0.0.1:9092",
        "protocol": "kafka",
        "description": "`make run`: the embedded Tansu broker, no authentication",
    },
}

SECURITY_SCHEMES: dict[str, Any] = {
    "scram": {
        "type": "scramSha512",
        "description": "SCRAM-SHA-512 over TLS; the password is in your KafkaUser's Secret",
    }
}
