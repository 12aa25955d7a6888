"""A coordinator triages a referral to accepted in the browser, by keyboard alone."""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

import pytest
from playwright.async_api import expect

from t2t_cli.demo.people import person
from tests.e2e.portal.browser import (
    PortalStack,
    assert_accessible,
    journey,
    press_button,
    select_by_keys,
    sign_in,
    tab_to,
    title,
)

pytestmark = pytest.mark.e2e


async def signed_in_as(page: Any, role: str, areas: tuple[str, ...], **who: str) -> None:
    """The dev sign-in, then wait until it has landed (a page opened sooner is signed out)."""
    await sign_in(page, role, areas, **who)
    await page.wait_for_url(lambda url: "/sign-in" not in url)


AREA = "wakefield"  # an area of its own: the worklist's first page is this test's referral


async def a_received_referral(stack: PortalStack) -> dict[str, Any]:
    """A phoned-in community referral, as a coordinator takes one."""
    identity = random.Random(str(uuid.uuid4()))
    body = {
        "source": "community",
        "area": AREA,
        "person": person(identity, AREA, 1, today=date.today()).body(),
        "consent": {"contact": True},
    }
    made: dict[str, Any] = await stack.api.call(
        "POST", "referrals", "/referrals", json=body,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )  # fmt: skip
    return made


async def test_a_coordinator_triages_a_referral_to_accepted(
    page: Any, portal_stack: PortalStack
) -> None:
    referral = await a_received_referral(portal_stack)
    link = f'a[href="/referrals/{referral["id"]}"]'
    with journey("coordinator: worklist to an accepted referral"):
        await signed_in_as(page, "coordinator", (AREA,), name="Casey Coordinator")
        await page.goto("/worklist")
        await expect(page).to_have_title(title("Worklist", "Referrals"))
        await assert_accessible(page)
        await select_by_keys(page, "#status", "received")
        await press_button(page, "Apply filters")
        await expect(page.locator(link)).to_be_visible()
        await assert_accessible(page, "worklist filtered")
        await tab_to(page, link)
        await page.keyboard.press("Enter")
        code = referral["reference_code"]
        await expect(page).to_have_title(title(f"Referral {code}", "Referrals"))
        await expect(page.locator("table")).to_contain_text("Referral received")
        await assert_accessible(page)

        # Rejecting without a reason is refused by the API, beside the field.
        await press_button(page, "Reject referral")
        await expect(page.locator(".nhsuk-error-summary")).to_be_visible()
        await expect(page).to_have_title(title(f"Error: Referral {code}", "Referrals"))
        await assert_accessible(page, "referral with a rejection error")

        await press_button(page, "Accept referral")
        await expect(page.locator(".nhsuk-inset-text")).to_contain_text("Referral accepted")
        await expect(page.locator(".nhsuk-summary-list")).to_contain_text("Accepted")
        await expect(page.locator("table")).to_contain_text("Accepted at triage")
        await assert_accessible(page, "referral accepted")

    found = await portal_stack.api.call("GET", "referrals", f"/referrals/{referral['id']}")
    assert found["status"] in ("accepted", "placed")
