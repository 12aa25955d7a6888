"""The AsyncAPI 3.0 document: servers, one channel per topic, one message per event type."""

from __future__ import annotations

from typing import Any

from t2t_cli.contract.build import Contract, EventContract
from t2t_cli.contract.discovery import TopicContract
from t2t_cli.contract.headers import (
    CLOUDEVENTS_HEADERS,
    CLOUDEVENTS_TRAIT,
    KAFKA_BINDING,
    SECURITY_SCHEMES,
    SERVERS,
    TOMBSTONE,
)
from t2t_shared.topics import RETENTION_30_DAYS_MS

Document = dict[str, Any]

INFO = {
    "title": "Type 2 Together events",
    "version": "1",
    "description": (
        "What the Type 2 Together platform publishes for other systems: one public topic of "
        "events per service (ids, coded values, area, postcode district and age band at most; "
        "never personal data) and restricted contact topics that only the owning service and "
        "notifications may read. Records are CloudEvents 1.0 in Kafka binary mode. Generated "
        "from the code by `make contract`; read docs/subscribers.md first."
    ),
    "license": {"name": "Open Government Licence v3.0"},
}

_EVENTS_TEXT = (
    "Public events of {service}. Key: the aggregate id (see each message), so one "
    "aggregate's events keep their order on one partition. Kept 30 days."
)
_CONTACTS_TEXT = (
    "RESTRICTED: personal contact details held by {service} (names for greetings, email, "
    "mobile, preferences, consent). Compacted: the latest record per key is the truth, and a "
    "record with a null value (a tombstone) means the person was erased: delete your copy. "
    "Production ACLs let only {service} and notifications read it; do not ask for access."
)


def document(contract: Contract) -> Document:
    channels: Document = {}
    operations: Document = {}
    messages: Document = {}
    for topic in contract.topics:
        cid = f"{topic.service}.{topic.kind}"
        events = [e for e in contract.events if e.topic == topic]
        refs = {e.ce_type: {"$ref": f"#/components/messages/{e.ce_type}"} for e in events}
        if topic.restricted:
            refs["tombstone"] = {"$ref": "#/components/messages/tombstone"}
        channels[cid] = _channel(topic, refs)
        operations[f"publish.{cid}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{cid}"},
            "summary": f"{topic.service} publishes to {topic.address()}",
            "messages": [{"$ref": f"#/channels/{cid}/messages/{m}"} for m in refs],
        }
        messages |= {e.ce_type: _message(e) for e in events}
    if any(t.restricted for t in contract.topics):
        messages["tombstone"] = TOMBSTONE
    return {
        "asyncapi": "3.0.0",
        "id": "urn:uk:org:type2together:events",
        "info": INFO,
        "defaultContentType": "application/json",
        "servers": SERVERS,
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": messages,
            "schemas": {"CloudEventsHeaders": CLOUDEVENTS_HEADERS},
            "messageTraits": {"CloudEventsBinaryMode": CLOUDEVENTS_TRAIT},
            "parameters": {
                "prefix": {
                    "description": "Topic prefix of the regional deployment (T2T_TOPIC_PREFIX)",
                    "default": "t2t.",
                    "examples": ["t2t."],
                }
            },
            "securitySchemes": SECURITY_SCHEMES,
        },
    }


def _channel(topic: TopicContract, messages: dict[str, Any]) -> Document:
    restricted = topic.restricted
    config: dict[str, Any] = (
        {"cleanup.policy": ["compact"]}
        if restricted
        else {"cleanup.policy": ["delete"], "retention.ms": int(RETENTION_30_DAYS_MS)}
    )
    return {
        "address": topic.address(),
        "title": f"{topic.service} {topic.kind}",
        "description": (_CONTACTS_TEXT if restricted else _EVENTS_TEXT).format(
            service=topic.service
        ),
        "parameters": {"prefix": {"$ref": "#/components/parameters/prefix"}},
        "messages": messages,
        "x-restricted": restricted,
        "bindings": {
            "kafka": {"partitions": 6, "topicConfiguration": config} | KAFKA_BINDING,
        },
    }


def _message(event: EventContract) -> Document:
    key_field = event.event.subject_field
    key = event.schema["properties"][key_field]
    summary = event.schema["description"].splitlines()[0] if event.schema["description"] else ""
    headers = {
        "allOf": [
            {"$ref": "#/components/schemas/CloudEventsHeaders"},
            {
                "type": "object",
                "properties": {
                    "ce_type": {"const": event.ce_type},
                    "ce_dataschema": {"const": event.schema["$id"]},
                },
            },
        ]
    }
    return {
        "name": event.event.event_name(),
        "title": event.ce_type,
        "summary": summary,
        "contentType": "application/json",
        "traits": [{"$ref": "#/components/messageTraits/CloudEventsBinaryMode"}],
        "headers": headers,
        "payload": {"$ref": f"./schemas/{event.ce_type}.json"},
        "correlationId": {"location": "$message.header#/ce_id"},
        "bindings": {
            "kafka": {
                "key": {
                    "type": "string",
                    **({"format": key["format"]} if "format" in key else {}),
                    "description": f"The record key: {key_field}, also ce_subject",
                }
            }
            | KAFKA_BINDING
        },
        "examples": [
            {
                "name": event.event.event_name(),
                "headers": _example_headers(event),
                "payload": event.example,
            }
        ],
    }


def _example_headers(event: EventContract) -> dict[str, str]:
    return {
        "ce_specversion": "1.0",
        "ce_id": "7d1c3a52-7a8e-4a43-9a5e-3b1d2f0c9e41",
        "ce_source": f"/t2t/west-yorkshire/{event.event.service}",
        "ce_type": event.ce_type,
        "ce_time": "2026-11-26T09:30:00.123456Z",
        "ce_subject": str(event.example[event.event.subject_field]),
        "content-type": "application/json",
        "ce_dataschema": event.schema["$id"],
        "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    }
