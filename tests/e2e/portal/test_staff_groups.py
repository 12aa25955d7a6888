"""A coordinator's group pages in the browser: fill, a group, declining for someone, the
waiting list, and setting up a group with a mistake, by keyboard, with axe on each page."""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

import pytest
from playwright.async_api import expect

from t2t_cli.demo.opening import group_body
from t2t_cli.demo.people import person
from t2t_cli.demo.placing import placement
from t2t_cli.demo.plan import DropOff
from t2t_cli.demo.recruiting import apply, screen_and_train
from t2t_cli.demo.tally import Tally
from tests.e2e.portal.browser import (
    PortalStack,
    assert_accessible,
    journey,
    press_button,
    sign_in,
    tab_to,
    title,
    type_into,
)

pytestmark = pytest.mark.e2e

AREA = "york"  # its own area: the group holds only this test's people


async def signed_in_as(page: Any, role: str, areas: tuple[str, ...], **who: str) -> None:
    """The dev sign-in, then wait until it has landed (a page opened sooner is signed out)."""
    await sign_in(page, role, areas, **who)
    await page.wait_for_url(lambda url: "/sign-in" not in url)


async def a_group_with_an_offer_and_someone_waiting(stack: PortalStack) -> dict[str, Any]:
    api, rng, today = stack.api, random.Random(23), date.today()
    volunteer = await apply(api, rng, AREA, 1, today)
    no_drop = DropOff(volunteer_leaves_in_screening=0, volunteer_leaves_in_training=0)
    assert await screen_and_train(api, rng, volunteer, today, no_drop, Tally())
    body = group_body(rng, AREA, 0, [volunteer]) | {"capacity": 1, "format": "in_person"}
    group = await api.call("POST", "groups", "/groups", json=body, wait_while=(422,))
    await api.call("POST", "groups", f"/groups/{group['id']}/open", wait_while=(409, 422))
    referrals = []
    for _ in range(2):  # one gets the only place, the other waits
        who = person(random.Random(str(uuid.uuid4())), AREA, 1, today=today).body()
        made = await api.call(
            "POST", "referrals", "/referrals",
            json={"source": "community", "area": AREA, "person": who,
                  "consent": {"contact": True}, "format_preference": "in_person"},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )  # fmt: skip
        await api.call("POST", "referrals", f"/referrals/{made['id']}/accept")
        referrals.append((await placement(api, made["id"]))["referral_id"])
    return {"group": group, "offered": referrals[0], "waiting": referrals[1]}


async def test_a_coordinator_declines_a_place_for_someone_and_it_passes_on(
    page: Any, portal_stack: PortalStack
) -> None:
    made = await a_group_with_an_offer_and_someone_waiting(portal_stack)
    group, offered, waiting = made["group"], made["offered"], made["waiting"]
    with journey("coordinator: groups to a declined place passed on"):
        await signed_in_as(page, "coordinator", (AREA,), name="Casey Coordinator")
        await page.goto("/groups")
        await expect(page).to_have_title(title("Groups"))
        await assert_accessible(page)
        await tab_to(page, f'a[href="/groups/{group["id"]}"]')
        await page.keyboard.press("Enter")
        await expect(page).to_have_title(title(group["name"], "Groups"))
        await expect(page.locator("main")).to_contain_text(f"referral {offered[:8]}")
        await assert_accessible(page)
        await press_button(page, "Decline for them")
        await expect(page.locator(".nhsuk-inset-text")).to_contain_text("passed to the waiting")
        await expect(page.locator("main")).to_contain_text(f"referral {waiting[:8]}")
        await assert_accessible(page, "group after declining for someone")
        await page.goto(f"/areas/{AREA}/waitlist")
        await expect(page).to_have_title(title("Waiting list for York", "Groups"))
        await assert_accessible(page)

        await page.goto("/groups/new")
        await expect(page).to_have_title(title("Set up a group", "Groups"))
        await assert_accessible(page)
        await type_into(page, "#name", "York Saturday mornings")
        await press_button(page, "Set up group")
        await expect(page.locator(".nhsuk-error-summary")).to_be_visible()
        await expect(page).to_have_title(title("Error: Set up a group", "Groups"))
        await assert_accessible(page, "set up a group with errors")

    after = await portal_stack.api.call("GET", "groups", f"/placements/{offered}")
    assert after["status"] == "declined"
    passed_on = await portal_stack.api.call("GET", "groups", f"/placements/{waiting}")
    assert (passed_on["status"], passed_on["group_id"]) == ("offered", group["id"])
