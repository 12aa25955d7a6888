# Over 200 lines: every invariant the chaos run judges, side by side, as the report lists them.
"""The checker's verdicts: pure functions of the facts, so crafted facts can test each one.

Each check returns a ``Finding``: how many, and a few examples by id (never personal data).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .facts import Facts, Notification

ACKNOWLEDGEMENT = "referral_acknowledgement"
NOT_SENT_BY_DESIGN = {"cancelled"}  # opted out, no usable channel: nothing was due
HELD_PLACES = {"offered", "member"}
EXAMPLES = 10
# Errors of the platform's infrastructure, not of the event: a DLQ record with one is a
# dead letter the platform should have retried in place.
INFRASTRUCTURE_ERROR = re.compile(
    r"OperationalError|InterfaceError|DBAPIError|ConnectionDoesNotExist|CannotConnectNow"
    r"|ConnectionRefused|ConnectionReset|ConnectionError|TimeoutError|Timeout|QueryCanceled"
    r"|KafkaConnectionError|KafkaTimeoutError|RequestTimedOut|NodeNotReady|LeaderNotAvailable"
    r"|DeadlockDetected|deadlock detected|SerializationFailure|could not serialize|LockNotAvailable"
    r"|too many clients|connection|timed out|OSError",
    re.IGNORECASE,
)


@dataclass
class Finding:
    count: int = 0
    checked: int = 0  # how many things the check looked at: a zero over nothing says little
    examples: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # how many of each cause

    def add(self, example: str, kind: str = "") -> None:
        self.count += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append(example)
        if kind:
            self.kinds[kind] = self.kinds.get(kind, 0) + 1


def _cause(error: str | None) -> str:
    """An error's kind without its particulars: "GOV.UK Notify 403", "SMTPServerDisconnected"."""
    return re.split(r"[:(]", error or "-", maxsplit=1)[0].strip()[:60]


def flagged_unresolved(n: Notification) -> bool:
    """A send whose outcome the platform cannot know (its sender died mid-send, or SMTP
    dropped after DATA) and so marked for a person to follow up, never resent: at most once
    forbids a resend that might double it."""
    return n.status == "outcome_unknown" or (
        n.status == "failed" and (n.last_error or "").startswith("interrupted")
    )


def _owed(n: Notification, erased: set[str]) -> bool:
    # Nothing is owed by design, to someone erased before it went, or before it is due.
    return not (n.status in NOT_SENT_BY_DESIGN or n.recipient_id in erased or n.scheduled)


def lost_messages(facts: Facts) -> Finding:
    """Messages due that no provider accepted and nothing flagged for follow-up (silently
    dropped), and consented referrals never acknowledged."""
    accepted = Counter(a.notification_id for a in facts.accepts)
    finding = Finding()
    for n in facts.notifications:
        if not _owed(n, facts.erased):
            continue
        finding.checked += 1
        if accepted[n.id] or flagged_unresolved(n):
            continue
        example = f"{n.template} {n.id} ({n.status}: {n.last_error or '-'})"
        finding.add(example, f"{n.status}: {_cause(n.last_error)}")
    acknowledged = {n.subject_id for n in facts.notifications if n.template == ACKNOWLEDGEMENT}
    for r in facts.referrals:
        if r.consent and not r.erased and r.id not in acknowledged:
            finding.add(f"{ACKNOWLEDGEMENT} for referral {r.id} never planned", "never planned")
    return finding


def unresolved_for_follow_up(facts: Facts) -> Finding:
    """Messages due, not accepted, and flagged for follow-up: listed, never silently lost."""
    accepted = Counter(a.notification_id for a in facts.accepts)
    finding = Finding()
    for n in facts.notifications:
        if _owed(n, facts.erased) and not accepted[n.id] and flagged_unresolved(n):
            finding.add(f"{n.template} {n.id} ({n.status})", f"{n.status}: {_cause(n.last_error)}")
    return finding


def duplicated_messages(facts: Facts) -> Finding:
    """Notification ids a provider accepted more than once: one (event, recipient, template)."""
    accepts = defaultdict(list)
    for a in facts.accepts:
        accepts[a.notification_id].append(a)
    finding = Finding(checked=len(accepts))
    for notification_id, taken in sorted(accepts.items()):
        if len(taken) > 1:
            how = ", ".join(f"{a.provider}{' (ambiguous)' if a.ambiguous else ''}" for a in taken)
            after = "after an ambiguous accept" if any(a.ambiguous for a in taken) else "plain"
            finding.add(f"{notification_id} x{len(taken)}: {how}", f"{taken[0].provider}, {after}")
    return finding


def ambiguous_accepts(facts: Facts) -> Finding:
    """Accepts the sender could not know of: listed, and a duplicate only if taken again."""
    finding = Finding()
    for a in facts.accepts:
        if a.ambiguous:
            finding.add(f"{a.provider} {a.notification_id}", a.provider)
    return finding


def erased_details_back(facts: Facts) -> Finding:
    """People erased by their owner whose contact details notifications still holds."""
    finding = Finding()
    for person in sorted(facts.erased & facts.recipients):
        finding.add(f"person {person}: erased, yet in the recipient directory")
    return finding


def closed_by_provider_faults(facts: Facts) -> Finding:
    """Referrals closed though nobody closed them and no failure of their own explains it
    (an erasure closes the person's open referrals: that is its job)."""
    finding = Finding()
    for r in facts.referrals:
        if r.closed and not r.fails_permanently and not r.erased:
            example = f"{r.id} closed {r.close_outcome} after {r.platform_attempts} attempts"
            finding.add(example, str(r.close_outcome))
    return finding


def lost_events(facts: Facts) -> Finding:
    """Outbox rows never published, or marked published but on no topic."""
    on_topics = {r.ce_id for r in facts.records if r.ce_id}
    finding = Finding()
    for row in facts.outbox:
        if not row.published:
            finding.add(f"{row.topic} {row.event_id} still in the outbox", "unpublished")
        elif not row.tombstone and row.event_id not in on_topics:
            example = f"{row.topic} {row.event_id} published but not on the topic"
            finding.add(example, f"missing from {row.topic}")
    return finding


def out_of_order(facts: Facts) -> Finding:
    """Per key, each event's first appearance on its topic in the order its outbox rows
    were written (a repeat of an earlier event is a redelivery consumers skip, not disorder)."""
    written = {row.event_id: row.id for row in facts.outbox}
    seen: set[str] = set()
    latest: dict[tuple[str, int, str | None], int] = {}
    finding = Finding()
    for rec in sorted(facts.records, key=lambda r: (r.topic, r.partition, r.offset)):
        if rec.ce_id is None or rec.ce_id in seen or rec.ce_id not in written:
            continue
        seen.add(rec.ce_id)
        key, row = (rec.topic, rec.partition, rec.key), written[rec.ce_id]
        if key in latest:
            finding.checked += 1  # one more pair of one key's events compared
        if row < latest.get(key, 0):
            example = f"{rec.topic} key {rec.key}: {rec.ce_type} {rec.ce_id} after a later one"
            finding.add(example, rec.topic)
        latest[key] = max(latest.get(key, 0), row)
    return finding


def over_capacity(facts: Facts) -> Finding:
    held = Counter(p.group_id for p in facts.placements if p.status in HELD_PLACES)
    finding = Finding(checked=len(held))
    for group, places in sorted(held.items(), key=lambda kv: str(kv[0])):
        capacity = facts.capacities.get(str(group))
        if capacity is not None and places > capacity:
            finding.add(f"group {group}: {places} places held, capacity {capacity}")
    return finding


def waitlist_out_of_order(facts: Facts) -> Finding:
    """Someone offered a place while an earlier-referred person who would take the same
    places (same area and format preference) was already waiting, and not offered first."""
    finding = Finding()
    classes = defaultdict(list)
    for p in facts.placements:
        if p.status != "cancelled":
            classes[(p.area, p.format_preference)].append(p)
    for people in classes.values():
        offered = [p for p in people if p.offered_at is not None]
        for early in people:
            if early.waiting_since is None:
                continue
            for late in offered:
                assert late.offered_at is not None
                finding.checked += 1
                overtaken = late.received_at > early.received_at and (
                    late.offered_at > early.waiting_since
                    and (early.offered_at is None or early.offered_at > late.offered_at)
                )
                if overtaken:
                    finding.add(f"{late.referral_id} offered before {early.referral_id}")
    return finding


def dead_letters(facts: Facts) -> tuple[Finding, Finding]:
    """(Dead letters with an infrastructure error, dead letters with any other error)."""
    infrastructure, handler = Finding(), Finding()
    for rec in facts.records:
        if rec.topic.endswith(".dlq"):
            what = f"{rec.consumer}: {rec.ce_type} {rec.ce_id}: {(rec.error or '')[:160]}"
            is_infra = INFRASTRUCTURE_ERROR.search(rec.error or "")
            (infrastructure if is_infra else handler).add(
                what, f"{rec.consumer}: {_cause(rec.error)}"
            )
    return infrastructure, handler
