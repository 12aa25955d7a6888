"""SMS quiet hours: a text due at night waits for the morning; it is never dropped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class QuietHours:
    """From `start` to `end` local time (crossing midnight when start > end)."""

    start: time = time(20, 0)
    end: time = time(8, 0)
    timezone: str = "Europe/London"

    @classmethod
    def parse(cls, text: str, timezone: str = "Europe/London") -> QuietHours | None:
        """`"20:00-08:00"`; an empty string means no quiet hours."""
        if not text.strip():
            return None
        start, _, end = text.partition("-")
        return cls(time.fromisoformat(start.strip()), time.fromisoformat(end.strip()), timezone)

    def contains(self, moment: datetime) -> bool:
        local = moment.astimezone(ZoneInfo(self.timezone)).time()
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_allowed(self, moment: datetime) -> datetime:
        """`moment` itself outside quiet hours, else the end of this quiet period (UTC)."""
        if not self.contains(moment):
            return moment
        zone = ZoneInfo(self.timezone)
        local = moment.astimezone(zone)
        day = local.date() if local.time() < self.end else local.date() + timedelta(days=1)
        # Built from the wall-clock time, so 08:00 stays 08:00 across a clock change.
        return datetime.combine(day, self.end, tzinfo=zone).astimezone(UTC)
