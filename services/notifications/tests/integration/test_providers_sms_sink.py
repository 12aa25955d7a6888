"""SmsSinkProvider writing real files."""

import asyncio
import stat
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from notifications.adapters.sms_sink import SmsSinkProvider, read_sms_sink
from notifications.domain.messages import OutgoingSms, PermanentProviderError
from notifications.service_layer.providers import SmsProvider


def sms(
    body: str = "Hello Sam, your reference is T2T-4F7K2Q.", to: str = "+447700900123"
) -> OutgoingSms:
    return OutgoingSms(to=to, body=body, reference=str(uuid.uuid4()))


async def test_appends_one_json_line_per_text(tmp_path: Path) -> None:
    path = tmp_path / ".t2t" / "nested" / "sms.jsonl"
    moment = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
    sink = SmsSinkProvider(path, clock=lambda: moment)
    assert isinstance(sink, SmsProvider)
    message = sms()

    receipt = await sink.send_sms(message)

    assert receipt.provider == "sms-sink"
    assert read_sms_sink(path) == [
        {
            "id": receipt.provider_message_id,
            "to": "+447700900123",
            "body": message.body,
            "reference": message.reference,
            "segments": 1,
            "encoding": "GSM-7",
            "sent_at": "2026-11-26T14:05:00+00:00",
        }
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_records_ucs2_and_multipart_texts(tmp_path: Path) -> None:
    sink = SmsSinkProvider(tmp_path / "sms.jsonl")
    await sink.send_sms(sms("Helô " * 20))
    [record] = read_sms_sink(tmp_path / "sms.jsonl")
    assert (record["encoding"], record["segments"]) == ("UCS-2", 2)
    assert record["body"] == "Helô " * 20


async def test_concurrent_appends_stay_valid_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "sms.jsonl"
    first, second = SmsSinkProvider(path), SmsSinkProvider(path)  # e.g. two app instances
    messages = [sms("x" * (i % 400 + 1)) for i in range(300)]
    receipts = await asyncio.gather(
        *((first if i % 2 else second).send_sms(m) for i, m in enumerate(messages))
    )

    records = read_sms_sink(path)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 300
    assert {r["reference"] for r in records} == {m.reference for m in messages}
    assert {r["id"] for r in records} == {r.provider_message_id for r in receipts}


@pytest.mark.parametrize("to", ["07700900123", "+441134960000", "+4477009001234", "+1 555 0100"])
async def test_refuses_non_uk_mobile_numbers_without_echoing_them(tmp_path: Path, to: str) -> None:
    with pytest.raises(PermanentProviderError) as caught:
        await SmsSinkProvider(tmp_path / "sms.jsonl").send_sms(sms(to=to))
    assert to not in str(caught.value)
    assert not (tmp_path / "sms.jsonl").exists()


async def test_refuses_empty_body(tmp_path: Path) -> None:
    with pytest.raises(PermanentProviderError, match="empty"):
        await SmsSinkProvider(tmp_path / "sms.jsonl").send_sms(sms(" \n"))


def test_read_missing_sink_is_empty(tmp_path: Path) -> None:
    assert read_sms_sink(tmp_path / "absent.jsonl") == []
