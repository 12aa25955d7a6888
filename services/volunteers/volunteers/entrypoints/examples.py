"""An example volunteer for the OpenAPI document (made up; the mobile is in Ofcom's drama range)."""

from __future__ import annotations

from pydantic import JsonValue

EXAMPLE_VOLUNTEER: dict[str, JsonValue] = {
    "id": "7d1c2b9e-3f4a-4c5d-8e6f-0a1b2c3d4e5f",
    "status": "trained",
    "area": "leeds",
    "applied_at": "2026-11-26T09:30:00Z",
    "stage_entered_at": "2027-02-14T10:00:00Z",
    "flag": "ok",
    "eligible": True,
    "lived_experience": True,
    "availability": [{"day": "tuesday", "part_of_day": "evening"}],
    "references": [
        {
            "slot": 1,
            "status": "complete",
            "requested_on": "2026-11-27",
            "received_on": "2026-12-03",
            "satisfactory": True,
        },
        {
            "slot": 2,
            "status": "complete",
            "requested_on": "2026-11-27",
            "received_on": "2026-12-04",
            "satisfactory": True,
        },
    ],
    "dbs": {
        "status": "complete",
        "level": "enhanced",
        "certificate_number": "001234567890",
        "issued_on": "2026-12-01",
        "renewal_due": "2029-12-01",
    },
    "training": [
        {
            "course": "core_facilitator",
            "started_on": "2027-01-10",
            "sessions_attended": 4,
            "completed_on": "2027-02-14",
            "valid_until": "2029-02-14",
        }
    ],
    "training_valid_until": "2029-02-14",
    "supervisor": {
        "name": "Dr Asha Patel",
        "role": "Diabetes specialist nurse",
        "organisation": "Leeds Teaching Hospitals NHS Trust",
    },
    "paused_until": None,
    "left_reason": None,
    "left_at": None,
    "erased": False,
    "person": {
        "given_name": "Jo",
        "family_name": "Okafor",
        "email": "jo.okafor@example.org",
        "mobile": "+447700900321",
        "preferred_channel": "email",
        "consent_to_contact": True,
        "motivation": "A group helped me; I would like to give back.",
    },
}
