"""Preferences through the service layer: an unknown recipient, the caller's area check."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from notifications.domain.model import Channel, Recipient
from notifications.domain.preferences import NO_PREFERENCES, Preferences
from notifications.service_layer.preferences import (
    UnknownRecipient,
    preferences_of,
    set_preferences,
)

from .fakes import FakeUnitOfWork, Store

SMS_ONLY = Preferences(channel=Channel.SMS, service=True, reminders=False)


@dataclass
class _Preferences:
    saved: dict[uuid.UUID, Preferences] = field(default_factory=dict)

    async def get(self, rid: uuid.UUID) -> Preferences:
        return self.saved.get(rid, NO_PREFERENCES)

    async def get_many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Preferences]:
        return {i: self.saved[i] for i in ids if i in self.saved}

    async def save(self, rid: uuid.UUID, prefs: Preferences) -> None:
        self.saved[rid] = prefs


class Uow(FakeUnitOfWork):
    def __init__(self, store: Store, prefs: _Preferences) -> None:
        super().__init__(store)
        self.preferences = prefs


class Refused(Exception):
    pass


def refuse_unknown_area(seen: list[str | None]) -> object:
    def check(area: str | None) -> None:
        seen.append(area)
        if area is None:
            raise Refused

    return check


async def test_set_then_read_back_for_a_recipient_of_a_known_area() -> None:
    store, prefs, seen = Store(), _Preferences(), []
    sam = Recipient(uuid.uuid4(), "person", "Sam", area="leeds")
    store.recipients[sam.id] = sam
    check = refuse_unknown_area(seen)
    assert await set_preferences(sam.id, SMS_ONLY, check, Uow(store, prefs)) == "person"  # type: ignore[arg-type]
    assert await preferences_of(sam.id, check, Uow(store, prefs)) == ("person", SMS_ONLY)  # type: ignore[arg-type]
    assert seen == ["leeds", "leeds"]


async def test_the_area_check_refuses_before_anything_is_saved() -> None:
    store, prefs, seen = Store(), _Preferences(), []
    sam = Recipient(uuid.uuid4(), "person", "Sam")  # no event has placed them yet
    store.recipients[sam.id] = sam
    with pytest.raises(Refused):
        await set_preferences(sam.id, SMS_ONLY, refuse_unknown_area(seen), Uow(store, prefs))  # type: ignore[arg-type]
    assert seen == [None]
    assert prefs.saved == {}
    assert store.commits == 0


async def test_an_unknown_recipient_is_named_as_such() -> None:
    with pytest.raises(UnknownRecipient):
        await preferences_of(uuid.uuid4(), lambda area: None, Uow(Store(), _Preferences()))  # type: ignore[arg-type]
