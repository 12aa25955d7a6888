"""In-memory services for the staff pages' unit tests: canned answers, and what was sent."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

DASH = "\N{EN DASH}"  # between the parts of a page title
Answer = Any | Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeService:
    """Answers `(METHOD, path)` from `answers`; records every request it receives."""

    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)
    seen: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        answer = self.answers.get((request.method, request.url.path))
        if answer is None:
            return httpx.Response(404, json={"detail": "Not found"})
        if callable(answer):
            return answer(request)
        return httpx.Response(200, json=answer)

    def posted(self, path: str) -> list[Any]:
        return [
            json.loads(r.content) if r.content else None
            for r in self.seen
            if r.method in ("POST", "PUT") and r.url.path == path
        ]


def reply(status: int, body: Any) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _: httpx.Response(status, json=body)


REFERRAL_ID = str(uuid.UUID("0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"))


def referral(**changes: Any) -> dict[str, Any]:
    return {
        "id": REFERRAL_ID,
        "reference_code": "T2T-4F7K2Q",
        "status": "received",
        "source": "gp",
        "area": "leeds",
        "received_at": "2026-12-01T09:00:00+00:00",
        "consent_to_contact": True,
        "referrer": {"id": str(uuid.uuid4()), "ods_code": "B82005", "name": "Hyde Park Surgery"},
        "person_id": str(uuid.uuid4()),
        "person": {
            "id": str(uuid.uuid4()),
            "given_name": "Sam",
            "family_name": "Taylor",
            "nhs_number": "4000000004",
            "date_of_birth": "1961-04-12",
            "postcode": "LS6 2AB",
            "email": "sam@example.org",
            "mobile": None,
            "preferred_channel": "email",
        },
        "postcode_district": "LS6",
        "format_preference": None,
        "accepted_at": None,
        "rejected_at": None,
        "contacted_at": None,
        "joined_at": None,
        "attended_at": None,
        "closed_at": None,
        **changes,
    }
