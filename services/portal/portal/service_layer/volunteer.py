"""The volunteer application form: missing answers, and the volunteers API's request."""

from __future__ import annotations

from itertools import product
from typing import Any

from portal.service_layer.answers import text

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PARTS = ("morning", "afternoon", "evening")

API_FIELDS = {
    "given_name": "given_name",
    "family_name": "family_name",
    "email": "email",
    "mobile": "mobile",
    "preferred_channel": "preferred_channel",
    "area": "area",
    "lived_experience": "lived_experience",
    "availability": "days",
    "motivation": "motivation",
    "consent_to_contact": "consent",
}
MULTI = ("days", "parts")


def _chosen(values: dict[str, object], name: str, allowed: tuple[str, ...]) -> list[str]:
    found = values.get(name)
    return [v for v in found if v in allowed] if isinstance(found, list) else []


def missing_answers(values: dict[str, object], areas: tuple[str, ...]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not text(values, "given_name"):
        errors["given_name"] = "Enter your first name"
    if not text(values, "family_name"):
        errors["family_name"] = "Enter your last name"
    if not text(values, "email"):
        errors["email"] = "Enter your email address"
    channel = text(values, "preferred_channel")
    if channel not in ("email", "sms"):
        errors["preferred_channel"] = "Select how you would like us to contact you"
    if channel == "sms" and not text(values, "mobile"):
        errors["mobile"] = "Enter your mobile phone number"
    if text(values, "area") not in areas:
        errors["area"] = "Select where you would like to volunteer"
    if text(values, "lived_experience") not in ("yes", "no"):
        errors["lived_experience"] = "Select yes if you live with type 2 diabetes"
    if not _chosen(values, "days", DAYS):
        errors["days"] = "Select at least one day you could lead a group"
    if not _chosen(values, "parts", PARTS):
        errors["parts"] = "Select at least one time of day"
    if not text(values, "motivation"):
        errors["motivation"] = "Tell us why you would like to volunteer"
    if text(values, "consent") != "yes":
        errors["consent"] = "Tick the box to say we may contact you about your application"
    return errors


def api_request(values: dict[str, object]) -> dict[str, Any]:
    """The body of `POST /applications`: each chosen day at each chosen time of day."""
    slots = product(_chosen(values, "days", DAYS), _chosen(values, "parts", PARTS))
    return {
        "given_name": text(values, "given_name"),
        "family_name": text(values, "family_name"),
        "email": text(values, "email"),
        "mobile": text(values, "mobile") or None,
        "preferred_channel": text(values, "preferred_channel"),
        "area": text(values, "area"),
        "lived_experience": text(values, "lived_experience") == "yes",
        "availability": [{"day": d, "part_of_day": p} for d, p in slots],
        "motivation": text(values, "motivation"),
        "consent_to_contact": text(values, "consent") == "yes",
    }


def summary(values: dict[str, object]) -> list[tuple[str, str]]:
    channel = {"email": "Email", "sms": "Text message"}.get(text(values, "preferred_channel"), "")
    days = ", ".join(d.title() for d in _chosen(values, "days", DAYS))
    parts = ", ".join(p.title() for p in _chosen(values, "parts", PARTS))
    return [
        ("Name", f"{text(values, 'given_name')} {text(values, 'family_name')}"),
        ("Email address", text(values, "email")),
        ("Mobile phone number", text(values, "mobile") or "Not given"),
        ("How we contact you", channel),
        ("Area", text(values, "area").title()),
        ("You live with type 2 diabetes", text(values, "lived_experience").title()),
        ("Days you could lead a group", days),
        ("Times of day", parts),
        ("Why you would like to volunteer", text(values, "motivation")),
    ]
