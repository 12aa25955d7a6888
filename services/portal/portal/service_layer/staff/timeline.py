"""A referral's story in one list: received, triage, contact attempts, placement, messages.

Built from what three services answer (referrals, groups, notifications); each entry has a
time, a heading and a line of detail, oldest first. Nothing here calls anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class Entry:
    at: datetime
    heading: str
    detail: str = ""


def _time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _words(code: object) -> str:
    text = str(code or "").replace("_", " ")
    return text[:1].upper() + text[1:]


# Codes whose plain words are not just the code with its underscores dropped.
_SAID = {"sms": "Text message", "gp": "GP", "self": "Self-referral"}


def _say(code: object) -> str:
    return _SAID.get(str(code), _words(code))


def _add(entries: list[Entry], at: object, heading: str, detail: str = "") -> None:
    when = _time(at)
    if when is not None:
        entries.append(Entry(when, heading, detail))


def _referral(entries: list[Entry], r: Json) -> None:
    source = _say(r.get("source"))
    referrer = (r.get("referrer") or {}).get("name")
    _add(
        entries,
        r.get("received_at"),
        "Referral received",
        f"{source}" + (f", from {referrer}" if referrer else ""),
    )
    _add(entries, r.get("accepted_at"), "Accepted at triage")
    _add(entries, r.get("rejected_at"), "Rejected at triage", _words(r.get("rejection_reason")))
    _add(entries, r.get("contacted_at"), "First contact made")
    _add(entries, r.get("joined_at"), "Joined a group")
    _add(entries, r.get("attended_at"), "First attended a session")
    _add(entries, r.get("closed_at"), "Referral closed", _words(r.get("close_outcome")))


def _attempts(entries: list[Entry], attempts: list[Json]) -> None:
    for a in attempts:
        by = "" if a.get("recorded_by") == "coordinator" else " (a message could not be delivered)"
        detail = f"{_say(a.get('channel'))}: {_words(a.get('outcome')).lower()}{by}"
        _add(
            entries, a.get("attempted_at"), f"Contact attempt {a.get('number', '')}".strip(), detail
        )


def _placement(entries: list[Entry], p: Json | None, group_name: str | None) -> None:
    if not p:
        return
    group = group_name or "a group"
    _add(entries, p.get("waiting_since"), "Joined the waiting list")
    if p.get("offered_at"):
        until = _time(p.get("offer_expires_at"))
        detail = f"Held until {until:%d %B %Y}" if until else ""
        _add(entries, p.get("offered_at"), f"Place offered in {group}", detail)
    if p.get("status") == "expired":
        _add(entries, p.get("offer_expires_at"), "Offer expired without an answer")
    _add(entries, p.get("left_at"), f"Left {group}", _words(p.get("left_reason")))


def _messages(entries: list[Entry], notes: list[Json]) -> None:
    for n in notes:
        channel = n.get("channel") or "not yet chosen"
        status = _words(n.get("status"))
        at = n.get("delivered_at") or n.get("sent_at") or n.get("created_at")
        _add(
            entries,
            at,
            f"Message: {_words(n.get('template'))}",
            f"{_say(channel)}, {status.lower()}",
        )


def build(
    referral: Json,
    attempts: list[Json],
    placement: Json | None = None,
    group_name: str | None = None,
    messages: list[Json] | None = None,
) -> list[Entry]:
    """Every event we know of for this referral, oldest first."""
    entries: list[Entry] = []
    _referral(entries, referral)
    _attempts(entries, attempts)
    _placement(entries, placement, group_name)
    _messages(entries, messages or [])
    return sorted(entries, key=lambda e: e.at)
