"""Reports the console shows across every area at once: the areas' reports added together."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ops.domain.area_report import AreaReport, AreaReports, FunnelStep, WeekCount
from ops.domain.report_period import ReportPeriod


async def reports_for(
    reports: AreaReports, areas: Sequence[str], period: ReportPeriod
) -> list[AreaReport]:
    return [await reports.area_report(area, period.start, period.end) for area in areas]


def weeks_added(reports: Sequence[AreaReport]) -> tuple[WeekCount, ...]:
    counts: Counter[object] = Counter()
    for report in reports:
        for week in report.referrals_per_week:
            counts[week.week_start] += week.count
    starts = sorted({w.week_start for r in reports for w in r.referrals_per_week})
    return tuple(WeekCount(start, counts[start]) for start in starts)


def funnel_added(reports: Sequence[AreaReport]) -> tuple[FunnelStep, ...]:
    """Counts added stage by stage; conversions recomputed from the sums, not averaged."""
    stages = [s.stage for s in reports[0].funnel] if reports else []
    totals = [
        sum(s.count for r in reports for s in r.funnel if s.stage == stage) for stage in stages
    ]
    steps = []
    for i, (stage, count) in enumerate(zip(stages, totals, strict=True)):
        previous = totals[i - 1] if i else 0
        steps.append(FunnelStep(stage, count, count / previous if previous else None))
    return tuple(steps)
