"""Someone applies to be a volunteer facilitator in the browser, by keyboard alone."""

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
    tick,
    title,
    type_into,
)

pytestmark = pytest.mark.e2e


async def test_a_volunteer_applies(page: Any, portal_stack: PortalStack) -> None:
    surname = f"Okafor{uuid.uuid4().hex[:6]}"
    with journey("volunteer application: questions to confirmation"):
        await page.goto("/volunteer")
        await expect(page).to_have_title(title("Volunteer with us"))
        await assert_accessible(page)
        await type_into(page, "#given_name", "Jo")
        await type_into(page, "#family_name", surname)
        await type_into(page, "#email", f"jo.{surname.lower()}@example.org")
        await choose(page, "preferred_channel", "email")
        await select_by_keys(page, "#area", "leeds")
        await choose(page, "lived_experience", "yes")
        await tick(page, 'input[name="days"][value="tuesday"]')
        await tick(page, 'input[name="parts"][value="evening"]')
        await press_button(page, "Continue")
        # The reason is missing: it is asked for beside the field.
        await expect(page.locator("#motivation-error")).to_contain_text("why you would like")
        await assert_accessible(page, "volunteer application with errors")
        await type_into(page, "#motivation", "A group helped me; I would like to give back.")
        await tick(page, "#consent")
        await press_button(page, "Continue")
        await expect(page).to_have_title(title("Check your answers", "Volunteer with us"))
        await expect(page.locator(".nhsuk-summary-list")).to_contain_text("Tuesday")
        await assert_accessible(page)
        await press_button(page, "Confirm and send")
        await expect(page.locator(".nhsuk-panel")).to_contain_text("Application received")
        await assert_accessible(page, "volunteer confirmation")

    found = await portal_stack.api.call(
        "GET", "volunteers", "/volunteers", params={"area": "leeds", "status": "applied"}
    )
    items = found["items"] if isinstance(found, dict) else found
    assert any(surname in str(v) for v in items), "the application reached volunteers"
