"""A PNG of a commissioner's area report, for the docs.

Serves the ops app on a free port with a quarter's realistic figures standing in for the
projections (the figures the report tests use), signs in as a Leeds commissioner through the
dev sign-in, and saves the page headless Chromium draws:

    python services/ops/scripts/report_screenshot.py docs/screenshots
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import uvicorn
from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repository, for tests/

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.entrypoints.app import create_app
from t2t_cli.stack.common import free_port
from tests.fixtures.area_reports import FakeAreaReports

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PERIOD = "from=2026-01-01&to=2026-03-31"


async def shoot(out: Path, chromium: str) -> Path:
    settings = Settings(
        environment="development",
        database_url="postgresql://nobody@127.0.0.1:1/none",
        kafka_bootstrap="127.0.0.1:1",
    )
    app = create_app(bootstrap(settings))
    app.state.area_reports = FakeAreaReports()
    port = free_port()
    # No lifespan: the page needs neither the broker nor the database, only the figures.
    server = uvicorn.Server(uvicorn.Config(app, port=port, lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.05)
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium, args=ARGS)
            page = await browser.new_page(
                base_url=f"http://127.0.0.1:{port}", viewport={"width": 1280, "height": 900}
            )
            await page.goto("/sign-in?next=/")
            await page.check('input[name="role"][value="commissioner"]')
            await page.check('input[name="areas"][value="leeds"]')
            await page.fill("#name", "Priya Commissioner")
            await page.click("button:text('Sign in')")
            await page.wait_for_url("**/reports/areas/leeds")
            await page.goto(f"/reports/areas/leeds?{PERIOD}")
            target = out / "14-area-report.png"
            await page.screenshot(path=str(target), full_page=True)
            await browser.close()
    finally:
        server.should_exit = True
        await serving
    return target


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("no chromium on PATH: apt-get install chromium")
    sys.stdout.write(f"{asyncio.run(shoot(out, chromium))}\n")


if __name__ == "__main__":
    main()
