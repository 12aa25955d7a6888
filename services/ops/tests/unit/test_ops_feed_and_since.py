"""The live feed's filters and cursor, and how `since` is read."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ops.domain.feed import Feed, FeedFilter
from ops.domain.since import InvalidSince, parse_since
from services.ops.tests.synthetic import Catalogue

from .support import NOW, observe


def filled_feed(size: int = 100) -> Feed:
    feed, catalogue = Feed(size), Catalogue()
    records = (
        catalogue.referral(area="leeds", reach="accepted")
        + catalogue.referral(area="york", reach="received")
        + [catalogue.notification(area="leeds")]
        + catalogue.volunteer(area="york", reach="screened")
    )
    for event in observe(records):
        feed.apply(event)
    return feed


def test_filters_by_service_type_and_area() -> None:
    feed = filled_feed()
    names = lambda f: [i.name for i in feed.query(f)]  # noqa: E731
    assert names(FeedFilter(service="volunteers")) == ["VolunteerApplied", "VolunteerScreened"]
    assert names(FeedFilter(type="ReferralReceived")) == ["ReferralReceived"] * 2
    assert names(FeedFilter(type="t2t.referrals.ReferralAccepted.v1")) == ["ReferralAccepted"]
    assert [i.area for i in feed.query(FeedFilter(area="york"))] == ["york"] * 3
    assert len(feed.query(FeedFilter())) == 6


def test_after_and_limit_give_only_newer_items_oldest_first() -> None:
    feed = filled_feed()
    newest_two = feed.query(FeedFilter(), limit=2)
    assert [i.seq for i in newest_two] == [5, 6]
    assert [i.seq for i in feed.query(FeedFilter(), after=4)] == [5, 6]
    assert feed.query(FeedFilter(), after=feed.last_seq) == []


def test_the_feed_keeps_only_the_newest_items() -> None:
    feed = filled_feed(size=4)
    assert [i.seq for i in feed.query(FeedFilter())] == [3, 4, 5, 6]


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("30d", timedelta(days=30)),
        ("12h", timedelta(hours=12)),
        ("90m", timedelta(minutes=90)),
        ("2w", timedelta(weeks=2)),
    ],
)
def test_durations_count_back_from_now(text: str, delta: timedelta) -> None:
    assert parse_since(text, NOW) == NOW - delta


def test_dates_none_and_nonsense() -> None:
    assert parse_since("2026-01-31", NOW) == NOW.replace(
        year=2026, month=1, day=31, hour=0, minute=0
    )
    assert parse_since(None, NOW) is None
    assert parse_since("all", NOW) is None
    with pytest.raises(InvalidSince, match="not a duration"):
        parse_since("last tuesday", NOW)
