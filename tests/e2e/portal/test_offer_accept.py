"""The person accepts the place they were offered, from the link in their message, by
keyboard alone; the link cannot be used twice."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.e2e.portal.browser import (
    OFFER_LINK,
    PortalStack,
    assert_accessible,
    choose,
    journey,
    press_button,
    someone,
    title,
)
from tests.fixtures.services import eventually

pytestmark = pytest.mark.e2e


async def test_the_person_accepts_the_offered_place_from_their_message(
    page: Any, portal_stack: PortalStack, open_group: dict[str, Any]
) -> None:
    api = portal_stack.api
    family, email = someone()
    referral = await api.call(
        "POST",
        "referrals",
        "/self-referrals",
        role=None,
        json={
            "area": "leeds",
            "person": {
                "given_name": "Ngozi",
                "family_name": family,
                "date_of_birth": "1958-02-03",
                "postcode": "LS6 2AB",
                "preferred_channel": "email",
                "email": email,
            },
            "consent": {"contact": True},
        },
    )
    with journey("offer: coordinator accepts, the link arrives, the person accepts online"):
        await api.call("POST", "referrals", f"/referrals/{referral['id']}/accept")

        def offer_link() -> str | None:
            for mail in portal_stack.mails_to(email):
                found = OFFER_LINK.search(mail.get_body(("plain",)).get_content())
                if found:
                    return found.group(0)
            return None

        link = await eventually(offer_link, within=90, every=0.5)
        assert link.startswith(portal_stack.portal), link
        await page.goto(link)
        await expect(page).to_have_title(title("Do you want this place?", "Your place in a group"))
        # The nearest open group with room: ours, unless another test's stack opened one in
        # the same databases; the page names the group groups actually offered.
        offered = await api.call("GET", "groups", f"/placements/{referral['id']}")
        group = await api.call("GET", "groups", f"/groups/{offered['group_id']}")
        await expect(page.locator(".nhsuk-summary-list")).to_contain_text(group["name"])
        await assert_accessible(page, "offer page")
        await choose(page, "decision", "accept")
        await press_button(page, "Send my answer")
        await expect(page.locator(".nhsuk-panel")).to_contain_text("Place accepted")
        await assert_accessible(page, "offer accepted")

    placement = await api.call("GET", "groups", f"/placements/{referral['id']}")
    assert placement["status"] in ("accepted", "joined", "member"), placement
    await page.goto(link)
    await expect(page.locator("h1")).to_have_text("You have already accepted this place")
    await assert_accessible(page, "offer already answered")
    await page.goto("/offer/not-a-real-link")
    await expect(page.locator("h1")).to_have_text("This link does not work")
    await assert_accessible(page, "offer link not valid")
