#!/usr/bin/env python3
"""An external system subscribing to Type 2 Together events, with confluent-kafka.

It joins a consumer group, reads the public `{prefix}{service}.events` topics, checks each
record's CloudEvents headers, validates its value against the published JSON Schema, skips
events it has already handled (by ce_source + ce_id), prints them, and commits its offsets
only after handling. Needs only `confluent-kafka` and `jsonschema`; see docs/subscribers.md.

    python examples/subscriber/subscriber.py --bootstrap 127.0.0.1:9092 --group my-system
    python examples/subscriber/subscriber.py --service referrals --from-beginning --json

Production: --security-protocol SASL_SSL, --ssl-ca the cluster CA, and the SCRAM-SHA-512
username and password of your KafkaUser in KAFKA_USERNAME / KAFKA_PASSWORD.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Message, TopicPartition
from jsonschema import Draft202012Validator

SERVICES = ("referrals", "groups", "volunteers", "notifications")
SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "contract" / "schemas"
REQUIRED_HEADERS = ("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time")


class InvalidRecord(Exception):
    """A record that breaks the contract: a real subscriber parks it for a person to look at."""


@dataclass(frozen=True)
class Event:
    topic: str
    partition: int
    offset: int
    key: str | None
    headers: dict[str, str]
    data: dict[str, Any]

    @property
    def identity(self) -> tuple[str, str]:
        return self.headers["ce_source"], self.headers["ce_id"]

    def as_json(self) -> dict[str, Any]:
        return {
            "ce_type": self.headers["ce_type"],
            "ce_id": self.headers["ce_id"],
            "ce_source": self.headers["ce_source"],
            "ce_time": self.headers["ce_time"],
            "key": self.key,
            "topic": self.topic,
            "partition": self.partition,
            "offset": self.offset,
            "data": self.data,
        }


def tolerant(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema as a tolerant reader applies it: unknown fields are ignored, not refused.

    Published schemas are closed (the publisher sends nothing else), but a publisher may add
    an optional field without a new major version; a copy of the schema you pinned would
    then refuse new events. So read with `additionalProperties` relaxed everywhere.
    """
    relaxed = copy.deepcopy(schema)
    stack = [relaxed]
    while stack:
        node = stack.pop()
        if node.get("additionalProperties") is False:
            node["additionalProperties"] = True
        stack += [v for v in node.values() if isinstance(v, dict)]
        stack += [i for v in node.values() if isinstance(v, list) for i in v if isinstance(i, dict)]
    return relaxed


class Schemas:
    """The published schemas by ce_type (docs/contract/schemas/<ce_type>.json).

    Routing is by ce_type: ce_dataschema names the same schema, but its base URL is set per
    deployment, so it is for people and tools, not for matching.
    """

    def __init__(self, directory: Path) -> None:
        self._by_type = {
            path.name.removesuffix(".json"): Draft202012Validator(
                tolerant(json.loads(path.read_text())),
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
            for path in sorted(directory.glob("*.json"))
        }

    def validator(self, ce_type: str) -> Draft202012Validator | None:
        return self._by_type.get(ce_type)


def decode(message: Message, schemas: Schemas) -> Event | None:
    """The event in a record; None for a type we do not know (ignore it: tolerant reader)."""
    headers = {
        str(k): v.decode() if isinstance(v, bytes) else str(v or "")
        for k, v in message.headers() or []
    }
    missing = [h for h in REQUIRED_HEADERS if not headers.get(h)]
    if missing:
        raise InvalidRecord(f"missing CloudEvents headers: {', '.join(missing)}")
    if headers["ce_specversion"] != "1.0":
        raise InvalidRecord(f"unsupported ce_specversion {headers['ce_specversion']}")
    validator = schemas.validator(headers["ce_type"])
    if validator is None:
        return None
    raw_key = message.key()
    key = raw_key.decode() if isinstance(raw_key, bytes) else raw_key
    if key != headers.get("ce_subject"):
        raise InvalidRecord(f"record key {key} is not ce_subject {headers.get('ce_subject')}")
    try:
        data = json.loads(message.value() or b"")
    except ValueError as exc:
        raise InvalidRecord(f"value is not JSON: {exc}") from exc
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].path) or "(value)"
        raise InvalidRecord(
            f"{headers['ce_type']} does not match its schema at {where}: {errors[0].message}"
        )
    topic, partition, offset = message.topic() or "", message.partition(), message.offset()
    return Event(topic, partition or 0, offset or 0, key, headers, data)


def consumer_config(args: argparse.Namespace) -> dict[str, Any]:
    config: dict[str, Any] = {
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group,
        # A new group starts at the oldest record the topic still holds (30 days).
        "auto.offset.reset": "earliest",
        # Commit only what was handled (at least once; duplicates are skipped by ce_id).
        "enable.auto.commit": False,
        "security.protocol": args.security_protocol,
    }
    if args.security_protocol.startswith("SASL"):
        config |= {
            "sasl.mechanisms": "SCRAM-SHA-512",
            "sasl.username": os.environ["KAFKA_USERNAME"],
            "sasl.password": os.environ["KAFKA_PASSWORD"],
        }
    if args.ssl_ca:
        config["ssl.ca.location"] = args.ssl_ca
    for option in args.option or []:
        name, _, value = option.partition("=")
        config[name] = value
    return config


def run(args: argparse.Namespace) -> int:
    schemas = Schemas(Path(args.schemas))
    consumer = Consumer(consumer_config(args))
    # In production this set is a table, written in the same transaction as your effects.
    handled: set[tuple[str, str]] = set()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))

    def rewind(consumer: Consumer, partitions: list[TopicPartition]) -> None:
        for partition in partitions:
            partition.offset = OFFSET_BEGINNING
        consumer.assign(partitions)

    topics = [f"{args.prefix}{service}.events" for service in args.service or SERVICES]
    if args.from_beginning:
        consumer.subscribe(topics, on_assign=rewind)
    else:
        consumer.subscribe(topics)
    seen, deadline = 0, time.monotonic() + args.timeout if args.timeout else None
    try:
        while not stop and (args.max_messages is None or seen < args.max_messages):
            if deadline is not None and time.monotonic() > deadline:
                note("timeout", after_s=args.timeout, records=seen)
                return 3
            message = consumer.poll(1.0)
            if message is None:
                continue
            error = message.error()
            if error is not None:
                if error.code() != KafkaError._PARTITION_EOF:
                    note("broker", error=str(error))
                continue
            seen += 1
            handle(message, schemas, handled, args.json)
            consumer.commit(message=message, asynchronous=False)
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()  # leaves the group now, so its partitions move without waiting
    return 0


def handle(
    message: Message, schemas: Schemas, handled: set[tuple[str, str]], as_json: bool
) -> None:
    where = {"topic": message.topic(), "partition": message.partition(), "offset": message.offset()}
    try:
        event = decode(message, schemas)
    except InvalidRecord as exc:
        note("invalid", reason=str(exc), **where)
        return
    if event is None:
        note("ignored", reason="unknown ce_type", **where)
        return
    if event.identity in handled:
        note("duplicate", ce_id=event.headers["ce_id"], **where)
        return
    handled.add(event.identity)
    if as_json:
        line = json.dumps(event.as_json())
    else:
        area = event.data.get("area", "-")
        line = f"{event.headers['ce_time']}  {event.headers['ce_type']:<45} area={area:<10} "
        line += f"key={event.key}"
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def note(kind: str, **fields: Any) -> None:
    label = "warning" if kind == "broker" else "skipped"
    sys.stderr.write(json.dumps({label: kind, **fields}) + "\n")
    sys.stderr.flush()


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    parser.add_argument("--group", default="example-subscriber", help="your consumer group")
    parser.add_argument("--prefix", default="t2t.", help="the deployment's topic prefix")
    parser.add_argument(
        "--service",
        action="append",
        choices=SERVICES,
        help="whose events to read (repeat; default: all)",
    )
    parser.add_argument(
        "--from-beginning",
        action="store_true",
        help="replay: rewind to the oldest record, even past committed offsets",
    )
    parser.add_argument("--schemas", default=str(SCHEMAS), help="directory of the JSON Schemas")
    parser.add_argument("--json", action="store_true", help="one JSON object per event")
    parser.add_argument("--max-messages", type=int, help="stop after this many records")
    parser.add_argument("--timeout", type=float, help="give up after this many seconds")
    parser.add_argument(
        "--security-protocol",
        default="PLAINTEXT",
        choices=["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"],
    )
    parser.add_argument("--ssl-ca", help="CA bundle of the cluster (Strimzi's cluster CA)")
    parser.add_argument(
        "--option", action="append", help="any librdkafka setting, NAME=VALUE (repeat)"
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(run(parse()))
