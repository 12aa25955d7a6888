"""Every synthetic record the ops tests (and the projections bench) feed the console fits the
producer's published schema: the fixtures cannot drift from docs/contract unnoticed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ops.domain.funnel import STAGES
from services.ops.tests.synthetic import Catalogue, new_id
from t2t_shared.envelope import EventRecord
from tests.fixtures.contract_payloads import check_payload

MAKE = Catalogue("t2t.")
GROUP = (new_id(), 3, 12)

BUILDERS: dict[str, Callable[[], list[EventRecord]]] = {
    **{
        f"referral reaching {stage}": lambda stage=stage: MAKE.referral(area="leeds", reach=stage)  # type: ignore[misc]
        for stage in STAGES
    },
    "self-referral without a practice": lambda: MAKE.referral(
        area="leeds", source="self", ods_code=None, reach="accepted"
    ),
    "group with room": lambda: MAKE.group(area="leeds"),
    "full group": lambda: MAKE.group(area="leeds", capacity=4, members=4),
    "move with figures": lambda: [
        MAKE.moved(new_id(), area="leeds", from_group=GROUP, to_group=(new_id(), 5, 8))
    ],
    "move as published before its figures": lambda: [
        MAKE.moved(
            new_id(), area="leeds", from_group=GROUP, to_group=(new_id(), 5, 8), figures=False
        )
    ],
    "waitlisted": lambda: [MAKE.waitlisted(area="leeds")],
    **{
        f"volunteer reaching {reach}": lambda reach=reach: MAKE.volunteer(area="leeds", reach=reach)  # type: ignore[misc]
        for reach in ("applied", "screened", "trained", "active")
    },
    "volunteer who left": lambda: MAKE.volunteer(area="leeds", reach="trained", left="moved"),
    "notification sent": lambda: [MAKE.notification(area="leeds", channel="sms")],
    "notification failed": lambda: [
        MAKE.notification(area="leeds", failed="no_address"),
        MAKE.notification(area="leeds", failed="outcome_unknown"),
        MAKE.notification(area="leeds", failed="interrupted", failure_code="outcome_unknown"),
    ],
    "provider paused and resumed": lambda: [MAKE.provider_paused(), MAKE.provider_resumed()],
    "practice registered and engaged": lambda: [
        MAKE.practice_registered("B82005", area="leeds"),
        MAKE.practice_engaged("B82005", area="leeds"),
    ],
}


@pytest.mark.parametrize("builder", BUILDERS)
def test_each_synthetic_record_is_what_its_producer_publishes(builder: str) -> None:
    records = BUILDERS[builder]()
    assert records
    for record in records:
        ce_type = dict(record.headers)["ce_type"].decode()
        check_payload(ce_type, record.value)
