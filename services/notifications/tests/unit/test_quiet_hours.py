from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from notifications.domain.quiet_hours import QuietHours

LONDON = ZoneInfo("Europe/London")
quiet = QuietHours()


def london(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (london(11, 26, 19, 59), False),
        (london(11, 26, 20, 0), True),
        (london(11, 26, 23, 30), True),
        (london(11, 27, 3, 0), True),
        (london(11, 27, 7, 59), True),
        (london(11, 27, 8, 0), False),
        (london(11, 27, 12, 0), False),
    ],
)
def test_default_quiet_hours_cross_midnight(moment: datetime, inside: bool) -> None:
    assert quiet.contains(moment) is inside


def test_a_text_at_night_waits_for_eight_the_next_morning() -> None:
    assert quiet.next_allowed(london(11, 26, 22, 30)) == london(11, 27, 8)
    assert quiet.next_allowed(london(11, 27, 3, 0)) == london(11, 27, 8)


def test_outside_quiet_hours_nothing_moves() -> None:
    noon = london(11, 26, 12)
    assert quiet.next_allowed(noon) == noon


def test_eight_oclock_is_local_time_in_summer() -> None:
    # 23:00 UTC on 1 July is midnight BST; 08:00 BST is 07:00 UTC.
    late = datetime(2026, 7, 1, 23, 0, tzinfo=UTC)
    assert quiet.next_allowed(late) == datetime(2026, 7, 2, 7, 0, tzinfo=UTC)


def test_the_night_the_clocks_go_back_still_ends_at_eight() -> None:
    # 25 October 2026: BST ends at 02:00 local.
    assert quiet.next_allowed(london(10, 24, 21)) == london(10, 25, 8)
    assert london(10, 25, 8).utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_parse() -> None:
    assert QuietHours.parse("21:30-07:00") == QuietHours(time(21, 30), time(7, 0))
    assert QuietHours.parse("") is None
    with pytest.raises(ValueError, match="isoformat"):
        QuietHours.parse("late-early")


def test_a_daytime_window_does_not_wrap() -> None:
    lunch = QuietHours(time(12, 0), time(13, 0))
    assert lunch.contains(london(11, 26, 12, 30))
    assert not lunch.contains(london(11, 26, 23, 0))
    assert lunch.next_allowed(london(11, 26, 12, 30)) == london(11, 26, 13)
