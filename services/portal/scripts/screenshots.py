"""`make screenshots`: start the stack as `t2t up` does (its own PostgreSQL, Tansu and mail
catcher on free ports, in a temporary home), put a little data in, and save a PNG of each
main portal page with headless Chromium.

    python services/portal/scripts/screenshots.py docs/screenshots
"""

from __future__ import annotations

import asyncio
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

from playwright.async_api import Page, async_playwright
from rich.console import Console

from t2t_cli.demo.client import Api, Endpoints
from t2t_cli.demo.opening import group_body
from t2t_cli.demo.plan import DropOff
from t2t_cli.demo.recruiting import apply, screen_and_train
from t2t_cli.demo.tally import Tally
from t2t_cli.stack.common import free_port
from t2t_cli.stack.config import ServiceSpec, StackConfig
from t2t_cli.stack.mail import read_maildir
from t2t_cli.stack.up import start_stack
from t2t_shared.settings import PlatformSettings

SERVICES = ("referrals", "groups", "volunteers", "notifications", "portal")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
OFFER = re.compile(r"https?://[^\s\"<>]+/offer/[A-Za-z0-9_.\-~=%]+")
EMAIL = "sam.taylor@example.org"

Step = Callable[[Page], Awaitable[None]]


async def fill_self_referral(page: Page) -> None:
    await page.goto("/self-referral")
    for field, value in {
        "#given_name": "Sam",
        "#family_name": "Taylor",
        "#dob-day": "12",
        "#dob-month": "4",
        "#dob-year": "1961",
        "#postcode": "LS6 2AB",
        "#email": EMAIL,
    }.items():
        await page.fill(field, value)
    await page.select_option("#area", "leeds")
    await page.check("#preferred_channel")
    await page.check("#consent")
    await page.click("button:text('Continue')")


async def refer_a_patient(page: Page) -> None:
    for field, value in {
        "#given_name": "Philippa",
        "#family_name": "Ramsbottom",
        "#nhs_number": "9434765919",
        "#dob-day": "30",
        "#dob-month": "9",
        "#dob-year": "1966",
        "#postcode": "LS6 1BN",
        "#mobile": "07700 900781",
        "#practice_name": "Hyde Park Surgery",
    }.items():
        await page.fill(field, value)
    await page.select_option("#area", "leeds")
    await page.check('input[name="preferred_channel"][value="sms"]')
    await page.check("#consent")
    await page.click("button:text('Send referral')")


async def prepare(api: Api) -> None:
    """A trained facilitator and an open group in Leeds, for an offer to be made."""
    rng = random.Random(7)  # noqa: S311  (a repeatable picture, not a secret)
    volunteer = await apply(api, rng, "leeds", 1, date.today())
    no_drop = DropOff(volunteer_leaves_in_screening=0, volunteer_leaves_in_training=0)
    await screen_and_train(api, rng, volunteer, date.today(), no_drop, Tally())
    body = group_body(rng, "leeds", 0, [volunteer]) | {"name": "Headingley Tuesday group"}
    group = await api.call("POST", "groups", "/groups", json=body, wait_while=(422,))
    await api.call("POST", "groups", f"/groups/{group['id']}/open", wait_while=(409, 422))


async def offer_link(maildir: Path, within: float = 90) -> str:
    for _ in range(int(within * 2)):
        for mail in read_maildir(maildir):
            found = OFFER.search(mail.get_body(("plain",)).get_content())
            if mail["To"] == EMAIL and found:
                return found.group(0)
        await asyncio.sleep(0.5)
    raise RuntimeError("no offer message arrived")


async def shoot(page: Page, out: Path, name: str, say: Console) -> None:
    path = out / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    say.print(f"  {path}  ({await page.title()})")


async def dev_sign_in(page: Page, role: str, **extra: str) -> None:
    await page.goto("/sign-in")
    await page.check(f'input[name="role"][value="{role}"]')
    await page.check('input[name="areas"][value="leeds"]')
    for field, value in extra.items():
        await page.fill(f"#{field}", value)
    await page.click("button:text('Sign in')")


async def main(out: Path, home: Path) -> int:
    say = Console()
    chromium = shutil.which("chromium")
    if chromium is None:
        say.print("[red]no chromium on PATH: apt-get install chromium[/]")
        return 1
    services = tuple(ServiceSpec(n, n, free_port()) for n in SERVICES)
    config = StackConfig(
        home=home,
        postgres_port=free_port(),
        kafka_port=free_port(),
        smtp_port=free_port(),
        services=services,
        extra_env={"T2T_SMS_QUIET_HOURS": "", "T2T_LOG_JSON": "false"},
    )
    async with start_stack(config, console=say) as (_, info):
        ports = {s.name: s.port for s in services}
        portal = f"http://{info.host}:{ports['portal']}"
        async with Api(Endpoints.local(info.host, ports), PlatformSettings()) as api:
            await prepare(api)
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=chromium, args=ARGS)
                context = await browser.new_context(
                    base_url=portal, viewport={"width": 1024, "height": 800}
                )
                page = await context.new_page()
                await page.goto("/")
                await shoot(page, out, "01-start", say)
                await page.goto("/self-referral")
                await page.click("button:text('Continue')")
                await shoot(page, out, "02-self-referral-errors", say)
                await fill_self_referral(page)
                await shoot(page, out, "03-self-referral-check-answers", say)
                await page.click("button:text('Confirm and send')")
                await shoot(page, out, "04-self-referral-confirmation", say)
                await page.goto("/volunteer")
                await shoot(page, out, "05-volunteer", say)

                found = await api.call("GET", "referrals", "/referrals", params={"limit": 5})
                referral = found["items"][0]["referral"]["id"]
                await api.call("POST", "referrals", f"/referrals/{referral}/accept")
                assert info.maildir is not None
                await page.goto(await offer_link(info.maildir))
                await shoot(page, out, "06-offer", say)
                await page.check("#decision")
                await page.click("button:text('Send my answer')")
                await shoot(page, out, "07-offer-accepted", say)

                await page.goto("/sign-in")
                await shoot(page, out, "08-sign-in", say)
                await dev_sign_in(page, "referrer", ods_code="B82005", name="Dr Amara Shah")
                await page.goto("/practice/refer")
                await shoot(page, out, "09-practice-refer", say)
                await refer_a_patient(page)
                await shoot(page, out, "10-practice-referrals", say)
                await staff_pages(page, out, say)
                await browser.close()
    return 0


async def staff_pages(page: Page, out: Path, say: Console) -> None:
    """The coordinators' and facilitators' pages, those that exist in this build."""
    await dev_sign_in(page, "coordinator", name="Chris Coordinator")
    for n, path in enumerate(("/worklist", "/groups", "/volunteers"), start=11):
        response = await page.goto(path)
        if response is not None and response.ok:
            await shoot(page, out, f"{n}-{path.strip('/')}", say)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    run_home = Path(tempfile.mkdtemp(prefix="t2t-shots-"))
    run_home.chmod(0o755)  # PostgreSQL runs as its own user, which must reach its data
    try:
        code = asyncio.run(main(target, run_home))
    finally:
        shutil.rmtree(run_home, ignore_errors=True)
    sys.exit(code)
