"""A burst's journeys, stages and timeline from the services' timestamps."""

from __future__ import annotations

import pytest

from t2t_cli.bench.load import Posted
from t2t_cli.bench.probe import ACKNOWLEDGEMENT, Delivery
from t2t_cli.bench.stages import journeys, stages, timeline

T0 = 1_000.0


def test_each_acknowledged_referral_has_its_moments_in_order() -> None:
    posted = [Posted("a", T0, 0.1), Posted("b", T0 + 0.05, 0.2), Posted("c", T0 + 0.1, 0.1)]
    acks = [
        Delivery("a", ACKNOWLEDGEMENT, created_at=T0 + 0.5, sent_at=T0 + 0.6),
        Delivery("b", ACKNOWLEDGEMENT, created_at=T0 + 1.0, sent_at=T0 + 1.5),
    ]
    trips = journeys(posted, {"a": T0 + 0.2}, acks)
    assert [(j.posted, j.published) for j in trips] == [(T0, T0 + 0.2), (T0 + 0.05, None)]
    assert [j.answered for j in trips] == pytest.approx([T0 + 0.1, T0 + 0.25])
    by_stage = stages(trips)
    # Only "a" was seen published: the relay stages count it alone; dispatch counts both.
    assert by_stage["post_to_published"]["max_ms"] == pytest.approx(200)
    assert by_stage["published_to_consumed"]["max_ms"] == pytest.approx(300)
    assert by_stage["consumed_to_sent"]["max_ms"] == pytest.approx(500)
    assert by_stage["consumed_to_sent"]["p50_ms"] == pytest.approx(100)
    line = timeline(trips, T0)
    assert line["sent"] == {"p50_s": pytest.approx(0.6), "last_s": pytest.approx(1.5)}
    assert line["published"] == {"p50_s": pytest.approx(0.2), "last_s": pytest.approx(0.2)}
    assert line["answered"]["last_s"] == pytest.approx(0.25)


def test_nothing_acknowledged_has_no_stages() -> None:
    assert stages([]) == {}
    assert timeline([], T0) == {}
