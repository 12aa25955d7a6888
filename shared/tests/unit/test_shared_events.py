"""Publishers' events are closed and frozen; consumers' views read tolerantly."""

from __future__ import annotations

import uuid
from typing import ClassVar

import pytest
from pydantic import ValidationError

from t2t_shared.events import ConsumedEvent, IntegrationEvent


class BasketFilled(IntegrationEvent):
    service: ClassVar[str] = "shop"
    subject_field: ClassVar[str] = "basket_id"

    basket_id: uuid.UUID
    items: int


class BasketFilledView(ConsumedEvent):
    basket_id: uuid.UUID


def test_a_publisher_event_refuses_an_unknown_field() -> None:
    with pytest.raises(ValidationError) as raised:
        BasketFilled(basket_id=uuid.uuid4(), items=2, colour="red")  # type: ignore[call-arg]

    assert [(e["loc"], e["type"]) for e in raised.value.errors()] == [
        (("colour",), "extra_forbidden")
    ]


def test_a_publisher_event_is_frozen() -> None:
    event = BasketFilled(basket_id=uuid.uuid4(), items=2)

    with pytest.raises(ValidationError, match="frozen"):
        event.items = 3  # type: ignore[misc]
    assert event.items == 2


def test_a_consumed_event_ignores_fields_it_does_not_read() -> None:
    basket_id = uuid.uuid4()

    view = BasketFilledView.model_validate(
        {"basket_id": str(basket_id), "items": 2, "added_in_v1_3": "new"}
    )

    assert view.basket_id == basket_id
    assert view.model_dump() == {"basket_id": basket_id}


def test_a_consumed_event_is_frozen_too() -> None:
    view = BasketFilledView(basket_id=uuid.uuid4())

    with pytest.raises(ValidationError, match="frozen"):
        view.basket_id = uuid.uuid4()  # type: ignore[misc]


def test_type_name_and_subject_come_from_the_class() -> None:
    basket_id = uuid.uuid4()

    assert BasketFilled.event_name() == "BasketFilled"
    assert BasketFilled.ce_type() == "t2t.shop.BasketFilled.v1"
    assert BasketFilled(basket_id=basket_id, items=1).subject() == str(basket_id)
