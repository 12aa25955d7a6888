"""`t2t practices`: the register through referrals' admin API, against a served referrals app
on a database of its own."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from referrals.bootstrap import bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from t2t_cli.main import app
from t2t_cli.practices import SAMPLE_REGISTER
from t2t_cli.stack.common import free_port
from t2t_shared.migrations import upgrade

pytestmark = pytest.mark.integration


@pytest.fixture
def referrals_url(fresh_database: Callable[[str], str], kafka_bootstrap: str) -> Iterator[str]:
    url = fresh_database("referrals")
    upgrade("referrals", url.replace("postgresql://", "postgresql+asyncpg://", 1))
    settings = Settings(
        database_url=url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=f"t2t.cli{uuid.uuid4().hex[:6]}.",
        environment="test",
    )
    # No lifespan: no relay; what the register publishes waits in the outbox.
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(bootstrap(settings)),
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_config=None,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def t2t(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_import_is_idempotent_and_a_bad_file_names_its_line(
    referrals_url: str, tmp_path: Path
) -> None:
    code, out = t2t("practices", "import", str(SAMPLE_REGISTER), "--url", referrals_url)
    assert code == 0, out
    assert "136 practices: 136 added, 0 changed, 0 unchanged; 1 rows" in out

    code, out = t2t("practices", "import", str(SAMPLE_REGISTER), "--url", referrals_url)
    assert "0 added, 0 changed, 136 unchanged" in out

    cut = tmp_path / "cut.csv"
    cut.write_bytes(SAMPLE_REGISTER.read_bytes()[:500])
    code, out = t2t("practices", "import", str(cut), "--url", referrals_url)
    assert code == 1
    assert "Refused (422): file: line 3: the last line is not complete" in out


def test_receipt_email_is_set_shown_and_cleared(referrals_url: str) -> None:
    t2t("practices", "import", str(SAMPLE_REGISTER), "--url", referrals_url)
    email = "hyde.park@nhs.example"
    assert (
        t2t("practices", "receipt-email", "b82005", email, "--url", referrals_url)[1].strip()
        == email
    )
    assert t2t("practices", "receipt-email", "B82005", "--url", referrals_url)[1].strip() == email
    assert (
        "(none)" in t2t("practices", "receipt-email", "B82005", "none", "--url", referrals_url)[1]
    )
    code, out = t2t("practices", "receipt-email", "Z99999", "x@nhs.example", "--url", referrals_url)
    assert code == 1
    assert "404" in out
