"""A reused Idempotency-Key with another body: 422, as the IETF idempotency-key draft says."""

from __future__ import annotations

from fastapi import HTTPException

from t2t_shared.http.problems import IDEMPOTENCY_KEY_REUSED

REUSED_DETAIL = "This Idempotency-Key was used with a different request"


def key_reused() -> HTTPException:
    """The answer to raise; its body names the header, as a validation problem does."""
    return HTTPException(
        422,
        {
            "type": IDEMPOTENCY_KEY_REUSED,
            "detail": REUSED_DETAIL,
            "errors": [
                {
                    "field": "Idempotency-Key",
                    "reason": "already used with a different request body",
                    "type": "idempotency_key_reused",
                }
            ],
        },
    )
