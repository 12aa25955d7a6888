"""The pages around the journeys pass axe too: sign-in and sign-out, not found, and the
page a signed-in user gets for another role's page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.e2e.portal.browser import (
    PortalStack,
    assert_accessible,
    press_button,
    sign_in,
    title,
)

pytestmark = pytest.mark.e2e


async def test_sign_in_not_found_not_for_you_and_sign_out(
    page: Any, portal_stack: PortalStack
) -> None:
    await page.goto("/sign-in")
    await expect(page).to_have_title(title("Sign in", "Staff"))
    await assert_accessible(page, "sign-in")

    await page.goto("/no-such-page")
    await expect(page).to_have_title(title("Page not found"))
    await assert_accessible(page, "page not found")

    await sign_in(
        page,
        "facilitator",
        volunteer_id="7d1c2b9e-3f4a-4c5d-8e6f-0a1b2c3d4e5f",
        name="Fay Facilitator",
        next_path="/practice/referrals",
    )
    await expect(page.locator("h1")).to_have_text("You cannot see this page")
    await assert_accessible(page, "not for your role (403)")

    await page.goto("/sign-out")
    await assert_accessible(page, "sign-out")
    await press_button(page, "Sign out")
    await expect(page.locator("header")).to_contain_text("Staff sign in")
