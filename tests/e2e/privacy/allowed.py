"""What may hold a canary, each with its reason. Keep these short: every entry is a promise
made in `docs/privacy.md`, and an entry without a retention reason there is a leak."""

from __future__ import annotations

from tests.fixtures.canary import Allowance

# Topics only their owner and notifications may read (Kafka ACLs in production): they carry
# contact details by design, so they are not searched. A topic named here must be one ops
# cannot read; a DLQ only the owner and notifications read may be added, with that reason.
RESTRICTED_TOPIC_SUFFIXES: tuple[str, ...] = (".contacts",)

# Canaries that may stay somewhere after erasure, or appear where ops can read them, with the
# reason `docs/privacy.md` gives. Empty: nothing is retained once a person is erased.
ALLOWED: tuple[Allowance, ...] = ()


def searched_topic(name: str) -> bool:
    return not name.endswith(RESTRICTED_TOPIC_SUFFIXES)
