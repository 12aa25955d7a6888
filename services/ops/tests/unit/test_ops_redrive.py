"""Redrive with a fake broker and audit log: dry run first, then send, always audited."""

from __future__ import annotations

import pytest

from ops.domain.dlq import REDRIVEN_FROM, DeadLetters
from ops.service_layer.redrive import CannotRedrive, NothingToRedrive, RedriveRequest, redrive

from .support import NOW, FakeAudit, FakePublisher, dead_letter


@pytest.fixture
def letters() -> DeadLetters:
    letters = DeadLetters()
    for offset in range(2):
        letters.add(dead_letter(offset=offset))
    return letters


async def run(
    letters: DeadLetters, request: RedriveRequest, audit: FakeAudit, publisher: FakePublisher
):  # type: ignore[no-untyped-def]
    return await redrive(
        request,
        letters=letters,
        publisher=publisher,
        audit=audit,
        actor="ops-oncall",
        role="ops",
        now=NOW,
    )


async def test_a_dry_run_sends_nothing_and_is_audited(letters: DeadLetters) -> None:
    audit, publisher = FakeAudit(), FakePublisher()
    group = letters.groups()[0].group
    result = await run(letters, RedriveRequest(group=group), audit, publisher)
    assert result.dry_run
    assert publisher.sent == []
    assert [e.message_id for e in audit.entries] == [e.id for e in letters.waiting()]
    assert all(e.dry_run and e.actor == "ops-oncall" and e.at == NOW for e in audit.entries)
    assert len(letters.waiting()) == 2


async def test_a_real_redrive_sends_to_the_original_topic_and_leaves_the_dlq(
    letters: DeadLetters,
) -> None:
    audit, publisher = FakeAudit(), FakePublisher()
    target = letters.waiting()[0]
    result = await run(letters, RedriveRequest(ids=[target.id], dry_run=False), audit, publisher)
    ((topic, key, value, headers),) = publisher.sent
    assert (topic, key, value) == ("t2t.referrals.events", b"r1", target.value)
    assert (REDRIVEN_FROM, target.id.encode()) in headers
    assert [e.id for e in letters.waiting()] == ["t2t.notifications.dlq:0:1"]
    assert [(e.message_id, e.dry_run, e.target_topic) for e in result.entries] == [
        (target.id, False, "t2t.referrals.events")
    ]
    assert await audit.redriven() == {target.id}
    with pytest.raises(NothingToRedrive):
        await run(letters, RedriveRequest(ids=[target.id], dry_run=False), audit, publisher)


async def test_a_letter_without_its_origin_cannot_be_redriven() -> None:
    letters = DeadLetters()
    letters.add(dead_letter(original_topic=""))
    with pytest.raises(CannotRedrive, match="no original topic"):
        await run(
            letters,
            RedriveRequest(dlq_topic="t2t.notifications.dlq", dry_run=False),
            FakeAudit(),
            FakePublisher(),
        )


async def test_a_contacts_letter_is_left_to_its_owner() -> None:
    letters = DeadLetters()
    letters.add(dead_letter(original_topic="t2t.referrals.contacts"))
    publisher = FakePublisher()
    with pytest.raises(CannotRedrive, match="restricted contacts topic"):
        await run(
            letters,
            RedriveRequest(dlq_topic="t2t.notifications.dlq", dry_run=False),
            FakeAudit(),
            publisher,
        )
    assert publisher.sent == []


async def test_nothing_matching_is_refused(letters: DeadLetters) -> None:
    with pytest.raises(NothingToRedrive):
        await run(letters, RedriveRequest(group="nope"), FakeAudit(), FakePublisher())


class BrokenPublisher(FakePublisher):
    async def publish(
        self, topic: str, key: bytes | None, value: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        raise ConnectionError("broker away")


async def test_a_failed_publish_leaves_the_letters_waiting_and_unaudited(
    letters: DeadLetters,
) -> None:
    audit = FakeAudit()
    with pytest.raises(ConnectionError):
        await run(
            letters,
            RedriveRequest(dlq_topic="t2t.notifications.dlq", dry_run=False),
            audit,
            BrokenPublisher(),
        )
    assert len(letters.waiting()) == 2
    assert audit.entries == []
