"""`python -m referrals migrate` on the local stack: the sample register and its receipt emails."""

from __future__ import annotations

import asyncio
import csv

import pytest

from referrals.__main__ import seed_register
from referrals.bootstrap import bootstrap
from referrals.config import Settings
from referrals.service_layer.register import get_practice, set_receipt_email
from tests.fixtures.services import Infra, unique_prefix

from .db_support import SAMPLE

pytestmark = pytest.mark.integration

EMAILS = SAMPLE.parent / "receipt-emails-sample.csv"


async def test_migrate_seeds_the_register_and_fills_only_missing_receipt_emails(
    infra: Infra,
) -> None:
    url = await infra.migrated_database("referrals")
    settings = Settings(
        **infra.settings_kwargs(url, unique_prefix()),
        practice_register_seed=SAMPLE,
        practice_receipt_emails_seed=EMAILS,
    )
    [first, second, *_] = list(csv.DictReader(EMAILS.read_text().splitlines()))
    container = bootstrap(settings)
    try:
        # `migrate` runs its own event loop, as on the command line.
        assert await asyncio.to_thread(seed_register, settings) == 0
        # An admin's own choice for the second practice, before the seed runs again.
        await set_receipt_email(
            second["ods_code"], "own@nhs.example", container.uow(), container.topics
        )
        assert await asyncio.to_thread(seed_register, settings) == 0

        seeded = await get_practice(first["ods_code"], container.uow())
        kept = await get_practice(second["ods_code"], container.uow())
    finally:
        await container.runtime.engine.dispose()
    assert (seeded.email, seeded.registered_at is not None) == (first["email"], True)
    assert kept.email == "own@nhs.example", "a seed fills gaps only"
