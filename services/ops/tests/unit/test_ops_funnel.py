"""The funnel counts each referral at every stage it reached, per area and source."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from ops.domain.funnel import STAGES
from ops.domain.read_models import ReadModels
from services.ops.tests.synthetic import Catalogue

from .support import NOW, observe

# (area, source, furthest stage) -> how many referrals got that far
SCENARIO = {
    ("leeds", "gp", "received"): 4,
    ("leeds", "gp", "contacted"): 3,
    ("leeds", "self", "joined"): 2,
    ("leeds", "gp", "regular_attender"): 1,
    ("york", "gp", "attended_first_session"): 2,
}


@pytest.fixture
def models() -> ReadModels:
    models = ReadModels()
    catalogue = Catalogue()
    for (area, source, reach), n in SCENARIO.items():
        for _ in range(n):
            for event in observe(catalogue.referral(area=area, source=source, reach=reach, at=NOW)):
                models.apply(event)
    return models


def expected(stage: str, *, area: str | None = None, source: str | None = None) -> int:
    return sum(
        n
        for (a, s, reach), n in SCENARIO.items()
        if STAGES.index(reach) >= STAGES.index(stage)
        and (area is None or a == area)
        and (source is None or s == source)
    )


def test_every_stage_counts_the_referrals_that_reached_it_or_further(models: ReadModels) -> None:
    report = models.funnel.report()
    rows = {row.source: row for row in report.rows}
    assert set(rows) == {"all", "gp", "self"}
    for row in report.rows:
        source = None if row.source == "all" else row.source
        assert [c.count for c in row.stages] == [expected(s, source=source) for s in STAGES]


def test_someone_placed_before_being_reached_is_not_counted_contacted() -> None:
    models = ReadModels()
    records = Catalogue().referral(area="leeds", reach="placed", at=NOW)
    for event in observe(records):
        if event.name != "ReferralContacted":
            models.apply(event)
    counts = {c.stage: c.count for c in models.funnel.report().rows[0].stages}
    assert (counts["accepted"], counts["contacted"], counts["placed"]) == (1, 0, 1)


def test_conversion_is_against_the_previous_stage(models: ReadModels) -> None:
    stages = models.funnel.report(area="leeds").rows[0].stages
    assert stages[0].conversion is None
    for previous, current in itertools.pairwise(stages):
        if previous.count:
            assert current.conversion == pytest.approx(current.count / previous.count, abs=1e-4)


def test_area_and_since_narrow_the_funnel(models: ReadModels) -> None:
    york = models.funnel.report(area="york").rows[0].stages
    assert [c.count for c in york] == [expected(s, area="york") for s in STAGES]
    assert models.funnel.report(since=NOW + timedelta(seconds=1)).rows[0].stages[0].count == 0
    assert models.funnel.report(since=NOW).rows[0].stages[0].count == expected("received")


def test_time_to_first_contact_median_and_share_within_target() -> None:
    models = ReadModels()
    catalogue = Catalogue()
    for seconds, within in [(3600.0, True), (7200.0, True), (400_000.0, False)]:
        records = catalogue.referral(
            area="leeds", reach="contacted", contact_seconds=seconds, within_target=within, at=NOW
        )
        for event in observe(records):
            models.apply(event)
    contact = models.funnel.report().first_contact
    assert contact.contacted == 3
    assert contact.median_seconds == 7200.0
    assert contact.within_target == 2
    assert contact.within_target_share == pytest.approx(2 / 3, abs=1e-4)


def test_an_event_seen_twice_counts_once() -> None:
    models = ReadModels()
    events = observe(Catalogue().referral(area="leeds", reach="accepted", at=NOW))
    for event in events + events:
        models.apply(event)
    assert [c.count for c in models.funnel.report().rows[0].stages[:3]] == [1, 1, 0]
    assert models.feed.last_seq == len(events)
