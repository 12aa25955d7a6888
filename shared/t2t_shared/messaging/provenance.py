"""Trust nothing on the wire: where a record really came from, and who may have written it.

Anyone who can write a public events topic (every service, and the console) could add
our failure headers to a record, or claim another service's `ce_source`. So a record's
failure trail is read only from the consumer's own retry topic (written by nobody else),
and a record's `ce_source` must name the owner of the topic it travelled on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from t2t_shared.envelope import CloudEvent, header_value
from t2t_shared.messaging.failures import FAILURE_HEADERS, ORIGINAL_TOPIC, PermanentHandlerError

Headers = list[tuple[str, bytes | None]]

_OWNED = re.compile(r"^(?P<service>[a-z0-9-]+)\.(?P<kind>events|contacts)$")


class UntrustedRecord(PermanentHandlerError):
    """A record whose origin does not hold up: dead-lettered with a reason code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Origin:
    """The topic a record really belongs to, and its headers as far as they can be trusted."""

    topic: str
    headers: Headers
    from_retry: bool


def origin(topic: str, headers: Sequence[tuple[str, bytes | None]], retry_topic: str) -> Origin:
    """Failure headers count only on the consumer's own retry topic; elsewhere they go."""
    if topic == retry_topic:
        original = header_value(headers, ORIGINAL_TOPIC)
        return Origin(original or topic, list(headers), from_retry=True)
    kept = [(k, v) for k, v in headers if k not in FAILURE_HEADERS]
    return Origin(topic, kept, from_retry=False)


def topic_owner(prefix: str, topic: str) -> tuple[str, str] | None:
    """(service, "events" | "contacts") for `{prefix}{service}.events|contacts`, else None."""
    if not topic.startswith(prefix):
        return None
    match = _OWNED.match(topic[len(prefix) :])
    return (match["service"], match["kind"]) if match else None


def is_contacts_topic(prefix: str, topic: str) -> bool:
    owner = topic_owner(prefix, topic)
    return owner is not None and owner[1] == "contacts"


def check_source(
    *, prefix: str, deployment: str | None, topic: str, ce: CloudEvent | None, tombstone: bool
) -> None:
    """Raise `UntrustedRecord` unless `ce_source` is `/t2t/{deployment}/{owner of topic}`.

    With no deployment given, any deployment name passes but the service must match.
    Topics outside the platform's naming (none in a deployment) are not checked.
    """
    owner = topic_owner(prefix, topic)
    if owner is None:
        return
    service, kind = owner
    if ce is None:
        # Only a contacts topic carries tombstones (an erasure); elsewhere a record with
        # no envelope is nobody's event.
        if tombstone and kind == "contacts":
            return
        raise UntrustedRecord("no_envelope", f"a record without CloudEvents headers on {kind}")
    parts = ce.source.split("/")
    valid = len(parts) == 4 and parts[0] == "" and parts[1] == "t2t"
    if not valid or parts[3] != service or (deployment is not None and parts[2] != deployment):
        raise UntrustedRecord(
            "source_mismatch", f"ce_source is not the owner of the {service} {kind} topic"
        )
