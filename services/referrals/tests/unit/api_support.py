"""What the API tests share: request bodies, tokens, the client and small helpers."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from referrals.config import Settings
from t2t_shared.auth import issue_token
from t2t_shared.auth.platform import platform_signing_key

NHS_NUMBER, BAD_NHS_NUMBER = "9434765919", "943 476 5918"
EMAIL = "philippa.ramsbottom@example.org"
GP_BODY: dict[str, Any] = {
    "source": "gp",
    "area": "leeds",
    "referrer": {"ods_code": "B82005", "name": "Hyde Park Surgery", "email": "hp@nhs.net"},
    "person": {
        "given_name": "Philippa",
        "family_name": "Ramsbottom",
        "nhs_number": NHS_NUMBER,
        "date_of_birth": "1961-04-12",
        "postcode": "LS6 2AB",
        "email": EMAIL,
        "mobile": "07700 900123",
        "preferred_channel": "sms",
    },
    "consent": {"contact": True},
}


def gp_body(**person: Any) -> dict[str, Any]:
    data = copy.deepcopy(GP_BODY)
    data["person"].update(person)
    return data


class Tokens:
    def __init__(self, settings: Settings) -> None:
        self.key = platform_signing_key(settings)
        self.audience = settings.audience

    def __call__(
        self,
        role: str = "coordinator",
        areas: tuple[str, ...] = ("leeds",),
        ods_code: str | None = None,
        subject: str = "c-17",
    ) -> dict[str, str]:
        token = issue_token(
            self.key,
            role=role,  # type: ignore[arg-type]
            areas=areas,
            audience=self.audience,
            subject=subject,
            ods_code=ods_code,
        )
        return {"Authorization": f"Bearer {token}"}


async def post(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    body: dict[str, Any] | None = None,
    key: str | None = None,
) -> httpx.Response:
    if key is not None:
        headers = {**headers, "Idempotency-Key": key}
    return await client.post("/referrals", json=GP_BODY if body is None else body, headers=headers)


def fields(response: httpx.Response) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]
