"""get_referral, and the practice's contact record on later referrals (fakes)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest

from referrals.service_layer import handlers
from t2t_shared.topics import Topics

from .test_referrals_handlers import MakeCommand, receive, someone_else


class TestGetReferral:
    async def test_returns_a_stored_referral(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        stored = await receive(make_command(), uow, topics)

        found = await handlers.get_referral(stored.referral.id, uow)

        assert found == stored.referral

    async def test_an_unknown_id_is_not_found(self, uow: Any) -> None:
        with pytest.raises(handlers.NotFound):
            await handlers.get_referral(uuid.uuid4(), uow)


async def test_a_practice_record_goes_out_again_only_when_it_changed(
    uow: Any, topics: Topics, make_command: MakeCommand
) -> None:
    first = make_command()
    await receive(first, uow, topics)
    await receive(someone_else(make_command(), "Bo"), uow, topics)
    assert first.referrer is not None
    moved = replace(
        someone_else(first, "Cy"),
        referrer=replace(first.referrer, email="new.mailbox@nhs.example"),
    )
    await receive(moved, uow, topics)

    referrer_records = [e for _, e in uow.outbox.events if type(e).__name__ == "ReferrerContact"]
    assert [r.email for r in referrer_records] == [first.referrer.email, "new.mailbox@nhs.example"]
    assert [r.record_version for r in referrer_records] == [1, 2]
