"""What the API tests share: a valid application body, tokens and error helpers."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from t2t_shared.auth import issue_token
from t2t_shared.auth.platform import platform_signing_key
from volunteers.config import Settings

APPLICATION: dict[str, Any] = {
    "given_name": "Philippa",
    "family_name": "Ramsbottom",
    "email": "philippa.ramsbottom@example.org",
    "mobile": "07700 900123",
    "preferred_channel": "sms",
    "area": "leeds",
    "lived_experience": True,
    "availability": [{"day": "tuesday", "part_of_day": "evening"}],
    "motivation": "I was diagnosed in 2019 and a group helped me",
    "consent_to_contact": True,
}


def application(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(APPLICATION)
    body.update(changes)
    return body


class Tokens:
    def __init__(self, settings: Settings) -> None:
        self.key = platform_signing_key(settings)
        self.audience = settings.audience

    def __call__(
        self,
        role: str = "coordinator",
        areas: tuple[str, ...] = ("leeds",),
        ods_code: str | None = None,
    ) -> dict[str, str]:
        token = issue_token(
            self.key,
            role=role,  # type: ignore[arg-type]
            areas=areas,
            audience=self.audience,
            subject="c-17",
            ods_code=ods_code,
        )
        return {"Authorization": f"Bearer {token}"}


def errors(response: httpx.Response) -> dict[str, str]:
    return {e["field"]: e["reason"] for e in response.json()["errors"]}
