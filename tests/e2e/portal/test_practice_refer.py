"""A practice signs in, refers a patient by keyboard alone, and sees the referral's status
change once a coordinator has acted on it through the API."""

from __future__ import annotations

import random
from typing import Any

import pytest
from playwright.async_api import expect

from tests.e2e.portal.browser import (
    PortalStack,
    assert_accessible,
    choose,
    journey,
    nhs_number,
    press_button,
    select_by_keys,
    sign_in,
    someone,
    tick,
    title,
    type_into,
)
from tests.fixtures.services import eventually

pytestmark = pytest.mark.e2e

ODS = "B82005"


async def test_a_practice_refers_and_sees_the_status_change(
    page: Any, portal_stack: PortalStack
) -> None:
    family, _ = someone()
    with journey("practice: sign in, refer, see the status change after triage"):
        await sign_in(page, "referrer", ods_code=ODS, name="Dr Amara Shah")
        await expect(page).to_have_title(title("Your referrals", "Practice"))
        await assert_accessible(page, "practice referrals (empty or not)")

        await press_button(page, "Refer a patient")
        await expect(page).to_have_title(title("Refer a patient to peer support", "Refer someone"))
        await assert_accessible(page)
        await type_into(page, "#given_name", "Philippa")
        await type_into(page, "#family_name", family)
        await type_into(page, "#nhs_number", nhs_number(random.randrange(10**7)))
        await type_into(page, "#dob-day", "30")
        await type_into(page, "#dob-month", "9")
        await type_into(page, "#dob-year", "1966")
        await type_into(page, "#postcode", "LS6 1BN")
        await select_by_keys(page, "#area", "leeds")
        await choose(page, "preferred_channel", "sms")
        await type_into(page, "#mobile", "07700 900781")
        await type_into(page, "#practice_name", "Hyde Park Surgery")
        await tick(page, "#consent")
        await press_button(page, "Send referral")

        banner = page.locator(".nhsuk-notification-banner")
        await expect(banner).to_contain_text("Referral sent")
        reference = (await banner.locator(".t2t-reference").inner_text()).strip()
        row = page.locator("#referrals tr", has_text=reference)
        await expect(row).to_contain_text(f"Philippa {family}")
        await expect(row).to_contain_text("Received")
        await assert_accessible(page, "practice referrals with the new one")

        api = portal_stack.api
        listed = await api.call(
            "GET",
            "referrals",
            "/practice/referrals",
            role="referrer",
            ods_code=ODS,
            params={"limit": 200},
        )
        [mine] = [i for i in listed["items"] if i["referral"]["reference_code"] == reference]
        await api.call("POST", "referrals", f"/referrals/{mine['referral']['id']}/accept")

        async def shows_accepted() -> bool:
            await page.reload()
            return "Accepted" in await row.inner_text()

        await eventually(shows_accepted, within=30, every=1.0)
