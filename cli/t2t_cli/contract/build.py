"""Build the whole contract from the code: every topic, every event type's schema and example."""

from __future__ import annotations

from dataclasses import dataclass, field

from t2t_cli.contract.discovery import TopicContract, discover
from t2t_cli.contract.pending import UNDOCUMENTED
from t2t_cli.contract.schemas import (
    ContractError,
    Gap,
    Schema,
    default_schema_base_url,
    event_schema,
    example,
    gaps,
)
from t2t_shared.events import IntegrationEvent


@dataclass(frozen=True)
class EventContract:
    """One event type: its model, topic, payload schema and a valid example."""

    event: type[IntegrationEvent]
    topic: TopicContract
    schema: Schema
    example: Schema

    @property
    def ce_type(self) -> str:
        return self.event.ce_type()


@dataclass(frozen=True)
class Contract:
    topics: list[TopicContract]
    events: list[EventContract] = field(default_factory=list)
    base_url: str = ""

    def by_type(self) -> dict[str, EventContract]:
        return {e.ce_type: e for e in self.events}


def build(
    topics: list[TopicContract] | None = None,
    *,
    base_url: str | None = None,
    pending: frozenset[tuple[str, str, str]] = UNDOCUMENTED,
) -> Contract:
    """The contract of `topics` (default: every service's); raises `ContractError` on a gap."""
    topics = discover() if topics is None else topics
    base_url = base_url or default_schema_base_url()
    schemas = [(t, e, event_schema(e, base_url)) for t in topics for e in t.event_types]
    found = [gap for _, event, schema in schemas for gap in gaps(event.ce_type(), schema)]
    # Every gap is reported at once, before examples (which need the gaps filled) are built.
    _refuse_gaps(found, pending, {event.ce_type() for _, event, _ in schemas})
    events = [EventContract(e, t, schema, example(e, schema)) for t, e, schema in schemas]
    _refuse_duplicates(events)
    return Contract(topics, events, base_url)


def _refuse_gaps(
    found: list[Gap], pending: frozenset[tuple[str, str, str]], generated: set[str]
) -> None:
    new = sorted(g for g in found if _key(g) not in pending)
    fixed = sorted(p for p in pending if p[0] in generated and p not in {_key(g) for g in found})
    problems = [f"  {g}: add Field(description=..., examples=[...])" for g in new]
    problems += [
        f"  {t}: field '{f}' has its {m} now: remove it from t2t_cli/contract/pending.py"
        for t, f, m in fixed
    ]
    if problems:
        raise ContractError(
            "every published field needs a description and an example:\n" + "\n".join(problems)
        )


def _refuse_duplicates(events: list[EventContract]) -> None:
    seen: set[str] = set()
    for e in events:
        if e.ce_type in seen:
            raise ContractError(f"{e.ce_type} is listed twice; each event type has one topic")
        seen.add(e.ce_type)


def _key(gap: Gap) -> tuple[str, str, str]:
    return (gap.ce_type, gap.field, gap.missing)
