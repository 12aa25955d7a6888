"""The referrals app over the real database only: no relay, no consumers (no lifespan);
and the sample practice register, for any referrals container."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from referrals.bootstrap import Container, bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from referrals.service_layer.register import import_register, set_receipt_email
from t2t_shared.kernel.clock import utc_now
from tests.fixtures.services import Infra, unique_prefix

SAMPLE = Path(__file__).resolve().parents[4] / "examples" / "practices" / "epraccur-sample.csv"
# The practices these tests refer from (areas as the sample has them).
PRACTICES = ("B82005", "C84001", "C84002")


def sample_lines(*codes: str) -> bytes:
    """The sample register's lines for these ODS codes, in the file's layout."""
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    picked = [line for line in lines if line[1:7].decode() in codes]
    assert len(picked) == len(codes), f"not all of {codes} are in the sample register"
    return b"".join(picked)


async def register(container: Container, *codes: str, emails: dict[str, str] | None = None) -> None:
    """Put these practices of the sample in the register, with receipt emails if given."""
    await import_register(
        sample_lines(*codes),
        container.uow(),
        container.topics,
        container.postcode_areas,
        clock=container.policy.clock,
    )
    for code, email in (emails or {}).items():
        await set_receipt_email(code, email, container.uow(), container.topics)


@asynccontextmanager
async def database_only(
    infra: Infra, clock: Callable[[], datetime] = utc_now, **settings: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """Writes land in the outbox and stay there: these tests look at the database's answers."""
    url = await infra.migrated_database("referrals")
    kwargs = {**infra.settings_kwargs(url, unique_prefix()), **settings}
    container = bootstrap(Settings(**kwargs), clock=clock)
    await register(container, *PRACTICES)
    transport = httpx.ASGITransport(app=create_app(container))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://referrals") as client:
            yield client
    finally:
        await container.runtime.engine.dispose()
