"""The self-referral form: which answers are missing, and the referrals API's request."""

from __future__ import annotations

from typing import Any

from portal.service_layer.answers import parse_date, text

# The referrals API's field paths -> this form's field ids (for errors beside each field).
API_FIELDS = {
    "person.given_name": "given_name",
    "person.family_name": "family_name",
    "person.nhs_number": "nhs_number",
    "person.date_of_birth": "dob",
    "person.postcode": "postcode",
    "person.preferred_channel": "preferred_channel",
    "person.email": "email",
    "person.mobile": "mobile",
    "area": "area",
    "consent.contact": "consent",
    "consent": "consent",
    "notes": "notes",
    "format_preference": "format_preference",
}
# Where the error summary links for fields whose first element has another id.
ANCHORS = {"dob": "dob-day"}

FIELDS = (
    "given_name",
    "family_name",
    "day",
    "month",
    "year",
    "postcode",
    "nhs_number",
    "area",
    "preferred_channel",
    "email",
    "mobile",
    "format_preference",
    "notes",
    "consent",
)


def missing_answers(values: dict[str, object], areas: tuple[str, ...]) -> dict[str, str]:
    """The questions still unanswered (the API checks the rest when we send it)."""
    errors: dict[str, str] = {}
    if not text(values, "given_name"):
        errors["given_name"] = "Enter your first name"
    if not text(values, "family_name"):
        errors["family_name"] = "Enter your last name"
    if parse_date(values.get("day"), values.get("month"), values.get("year")) is None:
        errors["dob"] = "Enter your date of birth, for example 12 4 1961"
    if not text(values, "postcode"):
        errors["postcode"] = "Enter your postcode"
    if text(values, "area") not in areas:
        errors["area"] = "Select the area you live in"
    channel = text(values, "preferred_channel")
    if channel not in ("email", "sms"):
        errors["preferred_channel"] = "Select how you would like us to contact you"
    if channel == "email" and not text(values, "email"):
        errors["email"] = "Enter your email address"
    if channel == "sms" and not text(values, "mobile"):
        errors["mobile"] = "Enter your mobile phone number"
    if text(values, "consent") != "yes":
        errors["consent"] = "Tick the box to say we may contact you about a group"
    return errors


def api_request(values: dict[str, object]) -> dict[str, Any]:
    """The body of `POST /self-referrals`."""
    born = parse_date(values.get("day"), values.get("month"), values.get("year"))
    return {
        "area": text(values, "area"),
        "person": {
            "given_name": text(values, "given_name"),
            "family_name": text(values, "family_name"),
            "nhs_number": text(values, "nhs_number") or None,
            "date_of_birth": born.isoformat() if born else None,
            "postcode": text(values, "postcode"),
            "preferred_channel": text(values, "preferred_channel"),
            "email": text(values, "email") or None,
            "mobile": text(values, "mobile") or None,
        },
        "consent": {"contact": text(values, "consent") == "yes"},
        "notes": text(values, "notes") or None,
        "format_preference": text(values, "format_preference") or None,
    }


def summary(values: dict[str, object]) -> list[tuple[str, str]]:
    """ "Check your answers": each question and the answer, in plain words."""
    born = parse_date(values.get("day"), values.get("month"), values.get("year"))
    channel = {"email": "Email", "sms": "Text message"}.get(text(values, "preferred_channel"), "")
    formats = {"in_person": "In person", "online": "Online", "": "No preference"}
    return [
        ("Name", f"{text(values, 'given_name')} {text(values, 'family_name')}"),
        ("Date of birth", f"{born.day} {born.strftime('%B %Y')}" if born else ""),
        ("Postcode", text(values, "postcode").upper()),
        ("NHS number", text(values, "nhs_number") or "Not given"),
        ("Area", text(values, "area").title()),
        ("How we contact you", channel),
        ("Email address", text(values, "email") or "Not given"),
        ("Mobile phone number", text(values, "mobile") or "Not given"),
        ("Kind of group", formats.get(text(values, "format_preference"), "No preference")),
        ("Anything else", text(values, "notes") or "Nothing"),
    ]
