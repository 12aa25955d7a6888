"""Dead letters grouped by error, masked, selected and prepared for redrive."""

from __future__ import annotations

import pytest

from ops.domain.dlq import MASK, REDRIVE_ID, REDRIVEN_FROM, DeadLetters, error_signature
from t2t_shared.messaging import failures

from .support import dead_letter


def test_errors_differing_only_in_ids_and_numbers_share_a_group() -> None:
    letters = DeadLetters()
    letters.add(dead_letter(offset=0))
    letters.add(
        dead_letter(
            offset=1,
            error="PermanentHandlerError: unknown referral 11111111-2222-3333-4444-555555555555",
        )
    )
    letters.add(dead_letter(offset=2, error="TimeoutError: database took 31 s"))
    letters.add(dead_letter(offset=3, consumer="groups"))
    groups = letters.groups()
    assert [(g.consumer, g.count) for g in groups] == [
        ("notifications", 2),
        ("groups", 1),
        ("notifications", 1),
    ]
    assert groups[0].message_ids == ["t2t.notifications.dlq:0:0", "t2t.notifications.dlq:0:1"]
    assert error_signature("took 31 s for 0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1") == (
        "took <n> s for <id>"
    )


def test_values_are_masked_unless_revealed_and_contacts_never_shown() -> None:
    public = dead_letter()
    contact = dead_letter(
        original_topic="t2t.referrals.contacts",
        value=b'{"given_name": "Chidi", "email": "c@example.org"}',
    )
    assert public.view()["value"] == MASK
    assert public.view(reveal=True)["value"] == (public.value or b"").decode()
    assert contact.restricted
    assert contact.view(reveal=True)["value"] == MASK
    assert contact.view()["key"] == "r1"
    assert contact.view()["error"].startswith("PermanentHandlerError")


def test_redrive_headers_drop_the_failure_trail_and_say_where_from() -> None:
    letter = dead_letter(offset=4)
    headers = dict(letter.redrive_headers("run-1"))
    assert not set(headers) & set(failures.FAILURE_HEADERS)
    assert headers["ce_id"] == b"event-4"
    assert headers[REDRIVEN_FROM] == b"t2t.notifications.dlq:0:4"
    assert headers[REDRIVE_ID] == b"run-1"


def test_selection_by_id_group_or_topic_and_redriven_ones_leave() -> None:
    letters = DeadLetters()
    for offset in range(3):
        letters.add(dead_letter(offset=offset))
    letters.add(dead_letter(offset=9, consumer="groups"))
    first = "t2t.notifications.dlq:0:0"
    assert [x.id for x in letters.select(ids=[first])] == [first]
    assert len(letters.select(dlq_topic="t2t.notifications.dlq")) == 3
    group = letters.groups()[0].group
    assert len(letters.select(group=group)) == 3
    letters.mark_redriven([first])
    assert len(letters.select(group=group)) == 2
    assert letters.groups()[0].count == 2
    with pytest.raises(KeyError, match="not waiting"):
        letters.select(ids=[first])
    with pytest.raises(ValueError, match="name the messages"):
        letters.select()


def test_the_console_drops_a_contact_records_value_as_it_reads_the_dlq() -> None:
    from aiokafka import ConsumerRecord

    from ops.adapters.records import as_dead_letter

    value = b'{"given_name": "Chidi", "email": "c@example.org"}'
    headers = [(failures.ORIGINAL_TOPIC, b"t2t.referrals.contacts")]
    record = ConsumerRecord("t2t.notifications.dlq", 0, 3, 0, 0, b"p-1", value, None, 0, 0, headers)

    letter = as_dead_letter(record)

    assert letter.value is None
    assert letter.key == "p-1"
