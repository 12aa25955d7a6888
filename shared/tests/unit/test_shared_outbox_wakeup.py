"""The relay's alarm: another process's notification wakes it, its own process's does not."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from t2t_shared.db import define_messaging_tables
from t2t_shared.envelope import EventRecord
from t2t_shared.outbox import writer as writer_module
from t2t_shared.outbox.wakeup import Wakeup, channel, process_token
from t2t_shared.outbox.writer import OutboxWriter


def test_a_notification_from_another_process_wakes_the_relay() -> None:
    wakeup = Wakeup()
    wakeup.on_notification(None, 4242, "t2t_outbox_outbox", "another-process")
    assert wakeup.is_set()


def test_its_own_processs_notification_is_ignored_as_the_direct_wake_came_first() -> None:
    wakeup = Wakeup()
    wakeup.on_notification(None, 4242, "t2t_outbox_outbox", process_token())
    assert not wakeup.is_set()


def test_a_round_clears_the_alarm_and_stop_sets_it_for_good() -> None:
    wakeup = Wakeup()
    wakeup.set()
    wakeup.clear()
    assert not wakeup.is_set()
    wakeup.stop()
    assert wakeup.is_set()
    assert wakeup.stopped.is_set()


class Sent:
    """What the writer hands the driver: SQL and arguments, no database."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, list[object]]] = []

    async def execute(self, _session: object, sql: str, args: list[object]) -> None:
        self.statements.append((sql, list(args)))


@pytest.mark.parametrize(("leads_elsewhere", "notifies"), [(True, True), (False, False)])
async def test_a_write_notifies_only_when_the_relay_leads_in_another_process(
    leads_elsewhere: bool, notifies: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox, _ = define_messaging_tables(sa.MetaData())
    sent = Sent()
    monkeypatch.setattr(writer_module.driver, "execute", sent.execute)
    writer = OutboxWriter(
        object(),  # type: ignore[arg-type]
        outbox,
        source="/t2t/test/writer",
        schema_base_url="https://example.org/schemas",
        notify=lambda: leads_elsewhere,
    )

    await writer.add_record(EventRecord("t2t.test.events", "key", b"{}", []))

    assert len(sent.statements) == 1
    sql, args = sent.statements[0]
    assert ("pg_notify" in sql) is notifies
    # The table's channel and this process's token, after the row's seven values.
    assert (args[7:] == [channel(outbox), process_token()]) is notifies
