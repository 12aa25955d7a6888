"""The database URL's sslmode reaches asyncpg: verify-full refuses a server that offers no
certificate (the test cluster speaks plain TCP), and disable connects."""

from __future__ import annotations

from typing import ClassVar

import pytest
import sqlalchemy as sa

from t2t_shared.db import create_engine
from t2t_shared.settings import ServiceSettings

pytestmark = pytest.mark.integration


class ParcelSettings(ServiceSettings):
    service: ClassVar[str] = "referrals"
    default_port: ClassVar[int] = 8001


async def select_one(url: str) -> int:
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return int(await conn.scalar(sa.text("SELECT 1")))
    finally:
        await engine.dispose()


async def test_sslmode_disable_connects(postgres_dsn: str) -> None:
    settings = ParcelSettings(database_url=f"{postgres_dsn}/postgres?sslmode=disable")

    assert await select_one(settings.sqlalchemy_url) == 1


async def test_verify_full_refuses_a_server_without_tls(postgres_dsn: str) -> None:
    settings = ParcelSettings(database_url=f"{postgres_dsn}/postgres?sslmode=verify-full")

    try:
        await select_one(settings.sqlalchemy_url)
    except TypeError as exc:  # an unknown keyword: the mode never reached asyncpg as `ssl`
        pytest.fail(f"sslmode was not handed to asyncpg: {exc}")
    except Exception as exc:  # any refusal to connect is the expected outcome
        refused: Exception | None = exc
    else:
        refused = None
    assert refused is not None, "verify-full connected to a server without TLS"
