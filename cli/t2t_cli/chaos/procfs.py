"""What /proc says about processes: a process tree, and which process owns a TCP socket.

Read directly rather than through a library: two small questions, Linux only, as the
harness itself is.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PROC = Path("/proc")


def parent_of(pid: int) -> int | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[1])


def descendants(root: int) -> list[int]:
    """Every living process under ``root`` (children, grandchildren, ...), root excluded."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (parent := parent_of(int(entry.name))) is not None:
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _socket_inodes_by_local_port() -> dict[int, set[int]]:
    ports: dict[int, set[int]] = {}
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in (PROC / "net" / table).read_text().splitlines()[1:]:
                fields = line.split()
                port = int(fields[1].rsplit(":", 1)[1], 16)
                ports.setdefault(port, set()).add(int(fields[9]))
    return ports


def owner_of_local_port(port: int, candidates: list[int]) -> int | None:
    """Which of ``candidates`` (or their descendants) holds a socket bound to ``port``."""
    inodes = _socket_inodes_by_local_port().get(port, set())
    if not inodes:
        return None
    for pid in candidates:
        for each in (pid, *descendants(pid)):
            with contextlib.suppress(OSError):
                for fd in os.listdir(PROC / str(each) / "fd"):
                    with contextlib.suppress(OSError):
                        target = os.readlink(PROC / str(each) / "fd" / fd)
                        if target.startswith("socket:[") and int(target[8:-1]) in inodes:
                            return pid
    return None


def pss_mb(pids: list[int]) -> float:
    """Memory of these processes together, in MiB (gone ones count nothing).

    Proportional set size: pages shared between them (PostgreSQL's shared buffers, seen by
    every backend) are divided among the sharers, so the sum is not inflated.
    """
    total_kb = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
    return total_kb / 1024
