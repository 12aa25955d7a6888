"""SNOMED CT concepts a GP system can file, for the outcomes it hears about from us.

Each concept id was checked against a published source (listed in docs/events.md). An
outcome with no verified concept carries none: a wrong code in a GP record is worse than
no code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    id: str
    term: str


REFERRED = Concept("871731000000106", "Referral to social prescribing service")
DECLINED = Concept("871711000000103", "Social prescribing declined")
DID_NOT_ATTEND = Concept("281399006", "Did not attend")

# The outcomes we code: the person declined (at triage or later). Others have no concept.
DECLINED_OUTCOMES = frozenset({"declined_by_person"})


def referred() -> str:
    return REFERRED.id


def of_outcome(outcome: str) -> str | None:
    """The concept id of a rejection reason or closing outcome, if it has one."""
    return DECLINED.id if outcome in DECLINED_OUTCOMES else None
