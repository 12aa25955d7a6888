"""Referrals that race each other on the real database."""

from __future__ import annotations

import asyncio

import pytest

from referrals.bootstrap import bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from tests.fixtures.services import Infra, auth, serving, unique_prefix

pytestmark = pytest.mark.integration


def gp_referral(n: int) -> dict[str, object]:
    return {
        "source": "gp",
        "area": "wakefield",
        "referrer": {"ods_code": "C84001", "name": "New Practice", "email": "new@nhs.example"},
        "person": {
            "given_name": f"Racer{n}",
            "family_name": "Example",
            "date_of_birth": "1955-07-07",
            "postcode": "WF1 2AA",
            "email": f"racer{n}@example.org",
        },
        "consent": {"contact": True},
    }


async def test_first_referrals_of_a_new_practice_at_once_share_one_referrer(infra: Infra) -> None:
    url = await infra.migrated_database("referrals")
    container = bootstrap(Settings(**infra.settings_kwargs(url, unique_prefix())))
    headers = auth("referrer", ["wakefield"], ods_code="C84001")
    async with serving(container, create_app(container), "http://referrals") as client:
        responses = await asyncio.gather(
            *(client.post("/referrals", json=gp_referral(n), headers=headers) for n in range(8))
        )
    assert [r.status_code for r in responses] == [201] * 8, [r.text for r in responses]
    assert len({r.json()["referrer"]["id"] for r in responses}) == 1
