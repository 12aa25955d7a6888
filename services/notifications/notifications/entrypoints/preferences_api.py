"""Recipients' preferences: a channel, and opt-outs of service messages or reminders."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, HTTPException

from notifications.domain.model import Channel
from notifications.domain.preferences import Preferences
from notifications.entrypoints.deps import Deps, Staff
from notifications.entrypoints.preferences_schemas import PreferencesBody, PreferencesPublic
from notifications.service_layer.preferences import (
    AreaCheck,
    UnknownRecipient,
    preferences_of,
    set_preferences,
)
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.security import require_area

router = APIRouter(tags=["preferences"], responses=STANDARD_ERRORS)
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such recipient in the directory"}
}


def _area_check(who: Principal) -> AreaCheck:
    def check(area: str | None) -> None:
        if who.all_areas:
            return
        if area is None:
            raise HTTPException(403, "This recipient's area is not known yet; ask operations")
        require_area(who, area)

    return check


def _not_found(recipient_id: UUID) -> HTTPException:
    return HTTPException(404, f"No recipient {recipient_id} in the directory")


def _public(recipient_id: UUID, kind: str, p: Preferences) -> PreferencesPublic:
    return PreferencesPublic(
        recipient_id=recipient_id,
        recipient_kind=kind,
        channel=p.channel.value if p.channel else None,
        service=p.service,
        reminders=p.reminders,
    )


@router.get(
    "/recipients/{recipient_id}/preferences",
    response_model=PreferencesPublic,
    summary="A recipient's channel and opt-outs",
    description="Coordinators see recipients of their areas; `ops` and `admin` every one.",
    responses=NOT_FOUND,
)
async def get_preferences(recipient_id: UUID, who: Staff, deps: Deps) -> PreferencesPublic:
    try:
        kind, prefs = await preferences_of(recipient_id, _area_check(who), deps.uow())
    except UnknownRecipient:
        raise _not_found(recipient_id) from None
    return _public(recipient_id, kind, prefs)


@router.put(
    "/recipients/{recipient_id}/preferences",
    response_model=PreferencesPublic,
    summary="Set a recipient's channel and opt-outs",
    description="Takes effect for every message not yet sent, including scheduled reminders.",
    responses=NOT_FOUND,
)
async def put_preferences(
    recipient_id: UUID, body: PreferencesBody, who: Staff, deps: Deps
) -> PreferencesPublic:
    prefs = Preferences(
        channel=Channel(body.channel) if body.channel else None,
        service=body.service,
        reminders=body.reminders,
    )
    try:
        kind = await set_preferences(recipient_id, prefs, _area_check(who), deps.uow())
    except UnknownRecipient:
        raise _not_found(recipient_id) from None
    return _public(recipient_id, kind, prefs)
