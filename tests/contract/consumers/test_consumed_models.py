"""Consumer side of the contract: each consumer's model reads every payload its producer
publishes (docs/contract), so a producer's change or a consumer's strictness cannot drift apart
unseen."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.contract.consumers.consumed import (
    CONSUMERS,
    Consumed,
    consumed,
    declared_models,
    declared_types,
)
from tests.contract.consumers.published import payloads
from tests.fixtures.contract_payloads import published_types

CONSUMED = consumed()


def _failures(item: Consumed) -> list[str]:
    found = []
    for published in payloads(item.ce_type):
        try:
            item.model.model_validate(published.payload)
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(map(str, error["loc"])) or "(payload)"
                found.append(f"field {field}: {error['msg']} (with {published.label})")
    return found


@pytest.mark.parametrize("item", CONSUMED, ids=[c.id for c in CONSUMED])
def test_consumer_model_reads_every_published_payload(item: Consumed) -> None:
    assert item.ce_type in published_types(), (
        f"{item.consumer} reads {item.ce_type}, which docs/contract does not publish"
    )
    failures = _failures(item)
    assert not failures, (
        f"{item.consumer}'s {item.model.__name__} cannot read {item.ce_type} as published:\n  "
        + "\n  ".join(failures)
    )


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_every_consumed_model_is_listed(consumer: str) -> None:
    listed = [c for c in CONSUMED if c.consumer == consumer]
    models = {c.model for c in listed}
    # A base model its subclasses share counts as listed through them.
    unlisted = {
        m.__name__
        for m in declared_models(consumer)
        if m not in models and not any(issubclass(x, m) for x in models)
    }
    assert not unlisted, f"{consumer}: consumed models missing from the list: {sorted(unlisted)}"
    types = {c.ce_type for c in listed}
    missing = declared_types(consumer) - types
    assert not missing, f"{consumer}: consumed types missing from the list: {sorted(missing)}"


def test_variants_cover_enums_and_optional_fields() -> None:
    # The generator itself: NotificationFailed publishes a closed set of reasons.
    labels = [p.label for p in payloads("t2t.notifications.NotificationFailed.v1")]
    assert sum(label.startswith("reason=") for label in labels) >= 2
    assert "only the required fields" in labels


def test_a_strict_consumer_model_is_caught() -> None:
    from t2t_shared.events import ConsumedEvent

    class TooStrict(ConsumedEvent):
        referral_id: int  # the producer publishes a UUID

    failures = _failures(Consumed("someone", TooStrict, "t2t.groups.PlaceOffered.v1"))
    assert failures
    assert failures[0].startswith("field referral_id:")
