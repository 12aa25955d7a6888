"""The "set up a group" form: its answers to the groups API's body, and the API's field
names back to the form's, so a 422 lands beside the right box."""

from __future__ import annotations

from typing import Any

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKS = {"1": "First", "2": "Second", "3": "Third", "4": "Fourth", "-1": "Last"}

FIELDS = {
    "name": "name",
    "area": "area",
    "format": "format",
    "venue": "venue_name",
    "venue.name": "venue_name",
    "venue.address": "venue_address",
    "venue.postcode": "venue_postcode",
    "joining_link": "joining_link",
    "schedule.frequency": "frequency",
    "schedule.weekday": "weekday",
    "schedule.week_of_month": "week_of_month",
    "schedule.start_time": "start_time",
    "schedule.duration_minutes": "duration_minutes",
    "capacity": "capacity",
    "facilitator_ids": "facilitator_id",
}


def _number(value: object) -> object:
    text = str(value or "").strip()
    return int(text) if text.lstrip("-").isdigit() else (text or None)


def body(values: dict[str, Any]) -> dict[str, Any]:
    """What the API takes; bad answers are sent as typed, so the API names what is wrong."""
    in_person = values.get("format") != "online"
    monthly = values.get("frequency") == "monthly"
    return {
        "name": values.get("name") or "",
        "area": values.get("area") or "",
        "format": values.get("format") or None,
        "venue": {
            "name": values.get("venue_name") or "",
            "address": values.get("venue_address") or "",
            "postcode": values.get("venue_postcode") or "",
        }
        if in_person
        else None,
        "joining_link": None if in_person else (values.get("joining_link") or ""),
        "schedule": {
            "frequency": values.get("frequency") or None,
            "weekday": _number(values.get("weekday")),
            "week_of_month": _number(values.get("week_of_month")) if monthly else None,
            "start_time": values.get("start_time") or None,
            "duration_minutes": _number(values.get("duration_minutes")),
        },
        "capacity": _number(values.get("capacity")),
        "facilitator_ids": [values["facilitator_id"]] if values.get("facilitator_id") else [],
    }
