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

from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the repository, for tests/

from tests.fixtures.area_reports import FakeAreaReports
from tests.fixtures.ops_reports_server import serving_ops

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PERIOD = "from=2026-01-01&to=2026-03-31"


async def shoot(out: Path, chromium: str) -> Path:
    target = out / "14-area-report.png"
    async with serving_ops(FakeAreaReports()) as base, async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=ARGS)
        page = await browser.new_page(base_url=base, viewport={"width": 1280, "height": 900})
        await page.goto("/sign-in?next=/")
        await page.check('input[name="role"][value="commissioner"]')
        await page.check('input[name="areas"][value="leeds"]')
        await page.fill("#name", "Priya Shah")
        await page.click("button:text('Sign in')")
        await page.wait_for_url("**/reports/areas/leeds")
        await page.goto(f"/reports/areas/leeds?{PERIOD}")
        await page.screenshot(path=str(target), full_page=True)
        await browser.close()
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
