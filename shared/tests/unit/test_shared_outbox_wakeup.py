"""The relay's alarm: another process's notification wakes it, its own process's does not."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from t2t_shared.db import define_messaging_tables
from t2t_shared.envelope import EventRecord
from t2t_shared.outbox.wakeup import Wakeup, channel, notify_clause, process_token
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


def test_the_insert_notifies_the_tables_channel_with_this_processs_token() -> None:
    outbox, _ = define_messaging_tables(sa.MetaData())
    statement = sa.insert(outbox).returning(notify_clause(outbox))
    compiled = statement.compile()
    assert "pg_notify" in str(compiled)
    assert channel(outbox) in compiled.params.values()
    assert process_token() in compiled.params.values()


class RecordingSession:
    def __init__(self) -> None:
        self.statements: list[str] = []

    async def execute(self, statement: sa.Executable, params: object = None) -> None:
        self.statements.append(str(statement))


@pytest.mark.parametrize(("leads_elsewhere", "notifies"), [(True, True), (False, False)])
async def test_a_write_notifies_only_when_the_relay_leads_in_another_process(
    leads_elsewhere: bool, notifies: bool
) -> None:
    outbox, _ = define_messaging_tables(sa.MetaData())
    session = RecordingSession()
    writer = OutboxWriter(
        session,  # type: ignore[arg-type]
        outbox,
        source="/t2t/test/writer",
        schema_base_url="https://example.org/schemas",
        notify=lambda: leads_elsewhere,
    )

    await writer.add_record(EventRecord("t2t.test.events", "key", b"{}", []))

    assert len(session.statements) == 1
    assert ("pg_notify" in session.statements[0]) is notifies
