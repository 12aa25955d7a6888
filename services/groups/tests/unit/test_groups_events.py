"""The published events follow the catalogue's rules: described, exemplified, with an area."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from groups.events import PUBLISHED, ScheduleData
from t2t_shared.events import IntegrationEvent


@pytest.mark.parametrize("event", PUBLISHED, ids=lambda e: e.__name__)
def test_every_field_is_described_with_an_example(event: type[IntegrationEvent]) -> None:
    models: list[type[BaseModel]] = [event, ScheduleData]
    for model in models:
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"
            assert info.examples, f"{model.__name__}.{name} has no examples"
    assert "area" in event.model_fields
    assert event.ce_type().startswith("t2t.groups.")


def test_keys_are_the_group_or_the_referral() -> None:
    keys = {e.__name__: e.subject_field for e in PUBLISHED}
    assert keys["PlaceOffered"] == keys["AttendanceRecorded"] == "referral_id"
    assert keys["GroupCreated"] == keys["SessionScheduled"] == "group_id"
