"""docs/contract/asyncapi.yaml is a valid AsyncAPI 3.0 document that covers every topic.

asyncapi-3.0.0.schema.json is the official JSON Schema of AsyncAPI 3.0.0
(npm @asyncapi/specs 6.11.1, schemas/3.0.0-without-$id.json, Apache-2.0), minified.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator

from t2t_cli.contract.discovery import discover

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO / "docs" / "contract"
ENVELOPE = ("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject",
            "content-type", "ce_dataschema", "traceparent")  # fmt: skip


@pytest.fixture(scope="module")
def doc() -> Any:
    return yaml.safe_load((CONTRACT / "asyncapi.yaml").read_text())


def test_it_is_valid_asyncapi_3(doc: Any) -> None:
    schema = json.loads((Path(__file__).parent / "asyncapi-3.0.0.schema.json").read_text())
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in Draft7Validator(schema).iter_errors(doc)
    ]
    assert errors == []


def test_every_topic_is_a_channel_and_contacts_topics_are_restricted(doc: Any) -> None:
    channels = doc["channels"]
    for topic in discover():
        channel = channels[f"{topic.service}.{topic.kind}"]
        assert channel["address"] == f"{{prefix}}{topic.service}.{topic.kind}"
        assert channel["x-restricted"] is topic.restricted
        types = {e.ce_type() for e in topic.event_types}
        assert set(channel["messages"]) - {"tombstone"} == types
        assert ("tombstone" in channel["messages"]) is topic.restricted
        policy = channel["bindings"]["kafka"]["topicConfiguration"]["cleanup.policy"]
        assert policy == (["compact"] if topic.restricted else ["delete"])


def test_every_message_carries_the_envelope_its_key_and_a_valid_example(doc: Any) -> None:
    components = doc["components"]
    envelope = components["schemas"]["CloudEventsHeaders"]
    assert set(envelope["properties"]) == set(ENVELOPE)
    for name, message in components["messages"].items():
        if name == "tombstone":
            continue
        assert message["traits"] == [{"$ref": "#/components/messageTraits/CloudEventsBinaryMode"}]
        assert message["bindings"]["kafka"]["key"]["type"] == "string"
        payload = json.loads((CONTRACT / message["payload"]["$ref"]).read_text())
        (example,) = message["examples"]
        assert Draft202012Validator(payload).is_valid(example["payload"]), name
        headers = Draft202012Validator({"allOf": [envelope, message["headers"]["allOf"][1]]})
        assert list(headers.iter_errors(example["headers"])) == [], name
        assert example["headers"]["ce_subject"] == example["payload"][payload["x-key"]]
