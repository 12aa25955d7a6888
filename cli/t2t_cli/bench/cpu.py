"""CPU time of the stack's processes, read from /proc: where each millisecond of a phase went.

Each role (referrals, notifications, PostgreSQL, the broker) is one or more root processes
and everything under them. A process counts its own time (utime + stime) and the time of
children it has already reaped (cutime + cstime), so a PostgreSQL backend that exits during
a phase is still counted, through the postmaster. Read directly rather than with psutil:
one small question, Linux only, as the bench is.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_S = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ProcStat:
    parent: int
    ticks: int  # utime + stime + cutime + cstime


def read_stats(proc: Path = PROC) -> dict[int, ProcStat]:
    """Every live process's parent and CPU ticks, in one pass over /proc."""
    stats: dict[int, ProcStat] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            # The command name (field 2) may hold spaces and ')': split after the last one.
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            # After the name: state, ppid, ... utime (14), stime, cutime, cstime (17).
            ticks = sum(int(f) for f in fields[11:15])
            stats[int(entry.name)] = ProcStat(int(fields[1]), ticks)
    return stats


def tree_cpu_s(roots: list[int], stats: Mapping[int, ProcStat]) -> float:
    """CPU seconds of ``roots`` and all their living descendants."""
    children: dict[int, list[int]] = {}
    for pid, stat in stats.items():
        children.setdefault(stat.parent, []).append(pid)
    seen: set[int] = set()
    todo = [pid for pid in roots if pid in stats]
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo.extend(children.get(pid, []))
    return sum(stats[pid].ticks for pid in seen) / TICKS_PER_S


Roles = Mapping[str, Callable[[], list[int]]]
"""Each role's root processes, asked afresh at each reading (a replica may have started)."""


BENCH = "bench"
"""The bench's own process: the load generator and the probe, on the same two cores."""


def own_cpu_s() -> float:
    """CPU seconds of this process alone: its children (the stack) are roles of their own."""
    times = os.times()
    return times.user + times.system


class CpuMeter:
    def __init__(self, roles: Roles, *, own: bool = True) -> None:
        self._roles = roles
        self._own = own

    def read(self) -> dict[str, float]:
        """CPU seconds of each role so far; roles without a process (external servers) left out.

        With `own`, also the bench's own process as the role `bench`.
        """
        stats = read_stats()
        out = {
            role: tree_cpu_s(pids, stats) for role, find in self._roles.items() if (pids := find())
        }
        if self._own:
            out[BENCH] = own_cpu_s()
        return out


def per_item_ms(
    before: Mapping[str, float], after: Mapping[str, float], n: int
) -> dict[str, float]:
    """Milliseconds of CPU each role spent per item (a referral, an event) between readings."""
    if n <= 0:
        return {}
    return {role: 1000 * (after[role] - before[role]) / n for role in after if role in before}
