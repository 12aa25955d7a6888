"""schemathesis, every check, against each API service's own OpenAPI document: zero failures.

Bounded (a fixed seed, a few examples per operation) so the suite stays quick; run
`T2T_FUZZ_MAX_EXAMPLES=100 pytest tests/fuzz` for a deeper search.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from tests.fixtures.services import Infra, auth
from tests.fuzz.servers import SERVICES, serving

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

SEED = "20261204"
# Operations whose rules between fields JSON Schema cannot state: 422 allowed there.
CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = os.environ.get("T2T_FUZZ_MAX_EXAMPLES", "10")


def schemathesis_command(url: str, report_dir: Path) -> list[str]:
    token = auth("admin", ["*"])["Authorization"]
    return [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(CONFIG),
        "run",
        f"{url}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        SEED,
        "--generation-database",
        "none",
        "--workers",
        "1",
        "--header",
        f"Authorization: {token}",
        "--no-color",
        "--output-truncate",
        os.environ.get("T2T_FUZZ_TRUNCATE", "true"),
        "--report",
        "ndjson",
        "--report-dir",
        str(report_dir),
    ]


@pytest.mark.parametrize("service", SERVICES)
async def test_the_api_matches_its_own_openapi_document(
    service: str, infra: Infra, tmp_path: Path
) -> None:
    async with serving(infra, service) as served:
        # A child process, so this loop goes on serving the requests it sends.
        proc = await asyncio.create_subprocess_exec(
            *schemathesis_command(served.url, tmp_path),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await proc.communicate()
    text = out.decode(errors="replace")
    report = os.environ.get("T2T_FUZZ_REPORT")
    if report:
        await asyncio.to_thread(_save, Path(report, f"{service}.txt"), text)
    assert proc.returncode == 0, text[-6000:]


def _save(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
