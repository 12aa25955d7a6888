"""The practice's referral form: missing answers, and the referrals API's request."""

from __future__ import annotations

from typing import Any

from portal.service_layer import self_referral
from portal.service_layer.answers import text

API_FIELDS = {
    **self_referral.API_FIELDS,
    "referrer.name": "practice_name",
    "referrer.email": "practice_email",
    "referrer.ods_code": "practice_name",
    "referrer": "practice_name",
}
ANCHORS = self_referral.ANCHORS

STATUS_COLOURS = {
    "received": "blue",
    "accepted": "aqua-green",
    "contacted": "aqua-green",
    "placed": "green",
    "joined": "green",
    "attending": "green",
    "rejected": "red",
    "closed": "grey",
}


def missing_answers(values: dict[str, object], areas: tuple[str, ...]) -> dict[str, str]:
    errors = self_referral.missing_answers(values, areas)
    if "consent" in errors:
        errors["consent"] = "Confirm the person agreed to be contacted about a group"
    if "area" in errors:
        errors["area"] = "Select the area the person lives in"
    if not text(values, "practice_name"):
        errors["practice_name"] = "Enter your practice's name"
    return errors


def api_request(values: dict[str, object], ods_code: str) -> dict[str, Any]:
    """The body of `POST /referrals` from the signed-in practice's ODS code."""
    body = self_referral.api_request(values)
    return {
        "source": "gp",
        **body,
        "referrer": {
            "ods_code": ods_code,
            "name": text(values, "practice_name"),
            "email": text(values, "practice_email") or None,
        },
    }
