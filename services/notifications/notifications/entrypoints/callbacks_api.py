"""GOV.UK Notify's delivery receipts: the callback its service settings point at."""

from __future__ import annotations

import hmac
from datetime import UTC
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException

from notifications.entrypoints.callbacks_schemas import NotifyReceipt, ReceiptOutcome
from notifications.entrypoints.deps import Deps
from notifications.service_layer.receipts import (
    NotYetRecorded,
    UnknownNotification,
    on_delivery_receipt,
)
from t2t_shared.http.errors import Problem
from t2t_shared.http.security import external_caller

router = APIRouter(
    tags=["callbacks"],
    dependencies=[
        Depends(external_caller("GOV.UK Notify callback token (T2T_NOTIFY_CALLBACK_TOKEN)"))
    ],
)


@router.post(
    "/callbacks/notify",
    response_model=ReceiptOutcome,
    summary="GOV.UK Notify delivery receipt",
    description="Called by GOV.UK Notify with the bearer token set in its callback settings "
    "(`T2T_NOTIFY_CALLBACK_TOKEN`). Publishes NotificationDelivered or NotificationFailed; "
    "a repeated receipt changes nothing.",
    responses={
        401: {"model": Problem, "description": "Missing or wrong callback token"},
        404: {"model": Problem, "description": "The reference is none of our notifications"},
        409: {"model": Problem, "description": "Arrived before the send was recorded: retry"},
        422: {"model": Problem, "description": "Not a receipt we can read"},
    },
)
async def notify_receipt(
    receipt: NotifyReceipt,
    deps: Deps,
    authorization: Annotated[str | None, Header()] = None,
) -> ReceiptOutcome:
    expected = deps.settings.notify_callback_token
    given = (authorization or "").removeprefix("Bearer ").strip()
    # Constant-time comparison; no token configured means no receipts are accepted.
    if expected is None or not hmac.compare_digest(given, expected.get_secret_value()):
        raise HTTPException(401, "A valid callback bearer token is required")
    at = receipt.completed_at or deps.clock()
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    try:
        outcome = await on_delivery_receipt(
            receipt.reference, receipt.status, "govuk-notify", at, deps.uow(), deps.topics
        )
    except UnknownNotification:
        raise HTTPException(404, f"No notification {receipt.reference}") from None
    except NotYetRecorded:
        # Notify calls again after a non-2xx answer; by then the send is recorded.
        raise HTTPException(409, "The send is still being recorded; call again") from None
    return ReceiptOutcome(outcome=outcome)
