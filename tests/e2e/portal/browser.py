"""What the portal's browser tests share: the stack's handles, axe, journey timings and
keyboard-only helpers (reach each control with Tab, answer with the keys a person uses)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from t2t_cli.demo.client import Api, Endpoints
from tests.fixtures.services import eventually

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
JOURNEYS: dict[str, float] = {}
AXE_RESULTS: dict[str, int] = {}


@dataclass
class PortalStack:
    portal: str
    endpoints: Endpoints
    api: Api  # acts as a coordinator (or any role) through the services' APIs
    smtp: Any  # the mail catcher: .messages()
    sms_sink: Path
    prefix: str

    def mails_to(self, address: str) -> list[Any]:
        return [m for m in self.smtp.messages() if m["To"] == address]


async def assert_accessible(page: Any, name: str | None = None) -> None:
    """axe-core on the page as it is now: no serious or critical violation."""
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
    label = name or await page.title()
    AXE_RESULTS[label] = len(bad)
    assert not bad, f"axe on {label}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    )


@contextmanager
def journey(name: str) -> Iterator[None]:
    """Record a journey's wall time (shown at the end of the run)."""
    started = time.perf_counter()
    yield
    JOURNEYS[name] = time.perf_counter() - started


# Keyboard only: reach each control with Tab, answer with the keys a person would use.


async def tab_to(page: Any, selector: str, text: str | None = None, limit: int = 150) -> None:
    """Press Tab until the focused element matches `selector` (and shows `text`)."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate(
            """([s, t]) => {
                const e = document.activeElement;
                return !!e && e.matches(s) && (t === null || e.textContent.trim() === t);
            }""",
            [selector, text],
        ):
            return
    raise AssertionError(f"{selector} {text or ''} cannot be reached with the Tab key")


async def type_into(page: Any, selector: str, text: str) -> None:
    await tab_to(page, selector)
    await page.keyboard.type(text)


async def choose(page: Any, name: str, value: str) -> None:
    """A radio: Tab into the group, arrow to the value (arrows check as they move)."""
    await tab_to(page, f'input[type="radio"][name="{name}"]')
    for _ in range(12):
        if await page.evaluate("() => document.activeElement.value") == value:
            await page.keyboard.press("Space")
            return
        await page.keyboard.press("ArrowDown")
    raise AssertionError(f"no radio {name}={value}")


async def tick(page: Any, selector: str) -> None:
    await tab_to(page, selector)
    await page.keyboard.press("Space")


async def select_by_keys(page: Any, selector: str, value: str) -> None:
    await tab_to(page, selector)
    for _ in range(30):
        if await page.evaluate("() => document.activeElement.value") == value:
            return
        await page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value} in {selector}")


async def press_button(page: Any, text: str) -> None:
    """Tab to the button (or button-styled link) with this text and press Enter."""
    await tab_to(page, "button, a.nhsuk-button", text)
    await page.keyboard.press("Enter")


async def sign_in(
    page: Any,
    role: str,
    areas: tuple[str, ...] = ("leeds",),
    *,
    ods_code: str = "",
    volunteer_id: str = "",
    name: str = "Test User",
    next_path: str = "/",
) -> None:
    """The dev sign-in, by keyboard."""
    await page.goto(f"/sign-in?next={next_path}")
    await choose(page, "role", role)
    for area in areas:
        await tick(page, f'input[name="areas"][value="{area}"]')
    if ods_code:
        await type_into(page, "#ods_code", ods_code)
    if volunteer_id:
        await type_into(page, "#volunteer_id", volunteer_id)
    await type_into(page, "#name", name)
    await press_button(page, "Sign in")
    await page.wait_for_load_state()


def title(*parts: str) -> str:
    """A page title as the portal writes it: its parts joined by en dashes, service last."""
    return " \N{EN DASH} ".join((*parts, "Type 2 Together"))


OFFER_LINK = re.compile(r"https?://[^\s\"<>]+/offer/[A-Za-z0-9_.\-~=%]+")


async def wait_for_mail(stack: PortalStack, address: str, within: float = 90) -> list[Any]:
    return await eventually(lambda: stack.mails_to(address), within=within)  # type: ignore[no-any-return]


def nhs_number(seed: int) -> str:
    """A valid English NHS number (400 000 0000 - 499 999 9999) from a seed."""
    for n in range(seed, seed + 1000):
        digits = [int(d) for d in f"4{n % 10**8:08d}"]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)
    raise AssertionError("no NHS number near this seed")


def someone() -> tuple[str, str]:
    """A family name and email of a person no other test has used."""
    tag = "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:6])
    return f"Taylor-{tag.title()}", f"person.{tag}@example.org"
