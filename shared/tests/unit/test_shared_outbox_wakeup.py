"""The relay's alarm: another process's notification wakes it, its own process's does not."""

from __future__ import annotations

import sqlalchemy as sa

from t2t_shared.db import define_messaging_tables
from t2t_shared.outbox.wakeup import Wakeup, channel, notify_clause, process_token


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
