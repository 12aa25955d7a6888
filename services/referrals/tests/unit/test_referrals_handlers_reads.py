"""get_referral, and the practice's contact record on later referrals (fakes)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from referrals.service_layer import handlers
from t2t_shared.topics import Topics

from .test_referrals_handlers import MakeCommand, receive


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
