"""Development SMS provider: appends each text as a JSON line instead of sending it."""

from __future__ import annotations

import asyncio
import json
import os
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from notifications.domain.messages import (
    OutgoingSms,
    PermanentProviderError,
    ProviderReceipt,
    TemporaryProviderError,
)
from notifications.domain.sms_segments import count_segments

# What GOV.UK Notify accepts from us; the sink refuses the rest so dev runs fail like prod.
_UK_MOBILE = re.compile(r"^\+447\d{9}$")


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SmsSinkProvider:
    """Writes `{"id", "to", "body", "reference", "segments", "encoding", "sent_at"}` lines."""

    name: str = "sms-sink"

    def __init__(self, path: Path, *, clock: Callable[[], datetime] = _utc_now) -> None:
        self.path = path
        self._clock = clock
        self._lock = asyncio.Lock()

    async def send_sms(self, message: OutgoingSms) -> ProviderReceipt:
        if not _UK_MOBILE.match(message.to):
            raise PermanentProviderError("not a UK mobile number in E.164 form")
        if not message.body.strip():
            raise PermanentProviderError("empty message body")
        segments = count_segments(message.body)
        record = {
            "id": str(uuid.uuid4()),
            "to": message.to,
            "body": message.body,
            "reference": message.reference,
            "segments": segments.segments,
            "encoding": segments.encoding,
            "sent_at": self._clock().isoformat(),
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        try:
            # The lock keeps this process's appends in order; the thread keeps disk I/O
            # off the event loop.
            async with self._lock:
                await asyncio.to_thread(self._append, line.encode("utf-8"))
        except OSError as exc:
            raise TemporaryProviderError(f"SMS sink write failed ({type(exc).__name__})") from None
        return ProviderReceipt(provider=self.name, provider_message_id=str(record["id"]))

    def _append(self, data: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND with one write per line: lines from other processes sharing the file
        # (a second replica, a test) land whole rather than interleaved. 0o600 because
        # the file holds phone numbers.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)


def read_sms_sink(path: Path) -> list[dict[str, Any]]:
    """Every text the sink has written to `path`, oldest first; empty if none yet."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
