"""Every provider accept the stubs made, as JSON lines: what the checker counts.

One line per accept: the provider, the notification id the message carried, whether
the sender can know it was accepted (``ambiguous``: the stub took it, then dropped the
connection or never answered), and when. No addresses or text: nothing personal.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Accept:
    provider: str
    notification_id: str
    ambiguous: bool = False
    at: float = 0.0


class AcceptLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def record(self, provider: str, notification_id: str, *, ambiguous: bool = False) -> None:
        line = json.dumps(asdict(Accept(provider, notification_id, ambiguous, time.time())))
        # Appended and flushed at once: a crash of the stub process loses no accept.
        with self.path.open("a") as out:
            out.write(line + "\n")


def read_accepts(*paths: Path) -> list[Accept]:
    accepts = []
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            if line.strip():
                accepts.append(Accept(**json.loads(line)))
    return accepts
