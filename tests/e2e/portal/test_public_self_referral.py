"""A person refers themselves in the browser, by keyboard alone: the errors show beside
each field, "check your answers", the confirmation with the reference, and the message."""

from __future__ import annotations

import re
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
    wait_for_mail,
)

pytestmark = pytest.mark.e2e


async def test_a_person_refers_themselves_and_gets_the_reference_and_a_message(
    page: Any, portal_stack: PortalStack
) -> None:
    email = f"sam.{uuid.uuid4().hex[:8]}@example.org"
    with journey("self-referral: questions to confirmation and the acknowledgement email"):
        await page.goto("/")
        await assert_accessible(page, "start page")
        await page.goto("/self-referral")
        await expect(page).to_have_title(title("Refer yourself"))
        await assert_accessible(page)

        # Nothing answered: the summary links to each field and the message sits beside it.
        await press_button(page, "Continue")
        await expect(page).to_have_title(title("Error: Refer yourself"))
        summary = page.locator(".nhsuk-error-summary")
        await expect(summary).to_contain_text("Enter your first name")
        await expect(summary.locator('a[href="#dob-day"]')).to_have_count(1)
        await expect(page.locator("#given_name-error")).to_contain_text("Enter your first name")
        await assert_accessible(page, "self-referral with errors")

        await type_into(page, "#given_name", "Sam")
        await type_into(page, "#family_name", "Taylor")
        await type_into(page, "#dob-day", "12")
        await type_into(page, "#dob-month", "4")
        await type_into(page, "#dob-year", "1961")
        await type_into(page, "#postcode", "LS6 2AB")
        await select_by_keys(page, "#area", "leeds")
        await choose(page, "preferred_channel", "email")
        await type_into(page, "#email", email)
        await tick(page, "#consent")
        await press_button(page, "Continue")

        await expect(page).to_have_title(title("Check your answers", "Refer yourself"))
        await expect(page.locator(".nhsuk-summary-list")).to_contain_text(email)
        await assert_accessible(page)
        sent_form = await page.locator("main form").evaluate(
            "f => Object.fromEntries(new FormData(f))"
        )
        await press_button(page, "Confirm and send")

        panel = page.locator(".nhsuk-panel")
        await expect(panel).to_contain_text("Referral received")
        reference = (await page.locator(".t2t-reference").inner_text()).strip()
        assert re.fullmatch(r"T2T-[A-Z0-9]{6}", reference), reference
        await expect(page).to_have_title(title("Thank you", "Refer yourself"))
        await assert_accessible(page, "self-referral confirmation")

        [mail] = await wait_for_mail(portal_stack, email)
        assert reference in mail.get_body(("plain",)).get_content()

    # The same form sent again (a resubmitted POST) makes no second referral.
    again = await page.request.post("/self-referral/send", form=sent_form | {"action": "send"})
    assert reference in await again.text()
    found = await portal_stack.api.call(
        "GET", "referrals", "/referrals", params={"area": "leeds", "limit": 200}
    )
    mine = [i for i in found["items"] if (i["referral"]["person"] or {}).get("email") == email]
    assert len(mine) == 1
