"""A volunteer applies on the public page; a coordinator moves them to trained, by keyboard."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from playwright.async_api import expect

from tests.e2e.portal.browser import (
    PortalStack,
    assert_accessible,
    choose,
    journey,
    press_button,
    select_by_keys,
    sign_in,
    tab_to,
    tick,
    title,
    type_into,
)

pytestmark = pytest.mark.e2e


async def signed_in_as(page: Any, role: str, areas: tuple[str, ...], **who: str) -> None:
    """The dev sign-in, then wait until it has landed (a page opened sooner is signed out)."""
    await sign_in(page, role, areas, **who)
    await page.wait_for_url(lambda url: "/sign-in" not in url)


AREA = "kirklees"


async def apply_online(page: Any, surname: str) -> None:
    await page.goto("/volunteer")
    await type_into(page, "#given_name", "Robin")
    await type_into(page, "#family_name", surname)
    await type_into(page, "#email", f"robin.{surname.lower()}@example.org")
    await choose(page, "preferred_channel", "email")
    await select_by_keys(page, "#area", AREA)
    await choose(page, "lived_experience", "yes")
    await tick(page, 'input[name="days"][value="wednesday"]')
    await tick(page, 'input[name="parts"][value="morning"]')
    await type_into(page, "#motivation", "Peer support helped me manage my diabetes.")
    await tick(page, "#consent")
    await press_button(page, "Continue")
    await expect(page).to_have_title(title("Check your answers", "Volunteer with us"))
    await press_button(page, "Confirm and send")
    await expect(page.locator(".nhsuk-panel")).to_contain_text("Application received")


async def test_a_volunteer_applies_and_a_coordinator_moves_them_to_trained(
    page: Any, browser: Any, portal_stack: PortalStack
) -> None:
    surname = f"Achebe{uuid.uuid4().hex[:6]}"
    with journey("volunteer: public application, then coordinator to trained"):
        await apply_online(page, surname)
        found = await portal_stack.api.call(
            "GET", "volunteers", "/volunteers", params={"area": AREA, "status": "applied"}
        )
        [volunteer] = [v for v in found["items"] if surname in (v.get("name") or "")]
        link = f'a[href="/volunteers/{volunteer["id"]}"]'

        staff = await browser.new_context(base_url=portal_stack.portal)
        coordinator = await staff.new_page()
        coordinator.set_default_timeout(30_000)
        try:
            await signed_in_as(coordinator, "coordinator", (AREA,), name="Casey Coordinator")
            await coordinator.goto("/volunteers?status=applied")
            await expect(coordinator).to_have_title(title("Volunteers"))
            await assert_accessible(coordinator)
            await tab_to(coordinator, link)
            await coordinator.keyboard.press("Enter")
            await expect(coordinator).to_have_title(title(f"Robin {surname}", "Volunteers"))
            await assert_accessible(coordinator, "volunteer applied")
            await press_button(coordinator, "Start screening")
            await expect(coordinator.locator(".nhsuk-inset-text")).to_contain_text("Screening")
            await assert_accessible(coordinator, "volunteer in screening")
            for slot in ("1", "2"):
                await choose(coordinator, f"satisfactory_{slot}", "yes")
                await press_button(coordinator, f"Record reference {slot}")
                await expect(coordinator.locator(".nhsuk-inset-text")).to_contain_text(
                    "Reference recorded"
                )
            await choose(coordinator, "level", "enhanced")
            await type_into(coordinator, "#certificate_number", "001234567890")
            await type_into(coordinator, "#issued_on-day", "1")
            await type_into(coordinator, "#issued_on-month", "12")
            await type_into(coordinator, "#issued_on-year", "2026")
            await press_button(coordinator, "Record DBS check")
            await expect(coordinator.locator(".nhsuk-inset-text")).to_contain_text("DBS")
            await press_button(coordinator, "Start core training")
            await expect(coordinator.locator(".nhsuk-summary-list")).to_contain_text("Training")
            await assert_accessible(coordinator, "volunteer in training")
            await type_into(coordinator, "#sessions_attended", "1")
            await press_button(coordinator, "Record training complete")
            await expect(coordinator.locator(".nhsuk-error-summary")).to_be_visible()
            await assert_accessible(coordinator, "volunteer training with an error")
            await coordinator.fill("#sessions_attended", "")
            await type_into(coordinator, "#sessions_attended", "4")
            await press_button(coordinator, "Record training complete")
            await expect(coordinator.locator(".nhsuk-inset-text")).to_contain_text(
                "Training recorded"
            )
            await expect(coordinator.locator(".nhsuk-summary-list")).to_contain_text("Trained")
            await assert_accessible(coordinator, "volunteer trained")
        finally:
            await staff.close()

    after = await portal_stack.api.call("GET", "volunteers", f"/volunteers/{volunteer['id']}")
    assert after["status"] == "trained"
