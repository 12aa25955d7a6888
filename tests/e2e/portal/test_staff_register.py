"""A facilitator takes the register of a session of their group, by keyboard alone."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from playwright.async_api import expect

from t2t_cli.demo.opening import group_body
from t2t_cli.demo.people import person
from t2t_cli.demo.placing import held_session, placement
from t2t_cli.demo.plan import DropOff
from t2t_cli.demo.recruiting import apply, screen_and_train
from t2t_cli.demo.tally import Tally
from tests.e2e.portal.browser import (
    PortalStack,
    assert_accessible,
    choose,
    journey,
    press_button,
    sign_in,
    tab_to,
    title,
)

pytestmark = pytest.mark.e2e


async def signed_in_as(page: Any, role: str, areas: tuple[str, ...], **who: str) -> None:
    """The dev sign-in, then wait until it has landed (a page opened sooner is signed out)."""
    await sign_in(page, role, areas, **who)
    await page.wait_for_url(lambda url: "/sign-in" not in url)


AREA = "calderdale"  # its own area: this test's person is placed in this test's group


async def a_group_with_a_member(stack: PortalStack) -> dict[str, Any]:
    """A trained facilitator, an open group they lead, a member, and a session held."""
    api, rng, today = stack.api, random.Random(11), date.today()
    volunteer = await apply(api, rng, AREA, 1, today)
    no_drop = DropOff(volunteer_leaves_in_screening=0, volunteer_leaves_in_training=0)
    assert await screen_and_train(api, rng, volunteer, today, no_drop, Tally())
    body = group_body(rng, AREA, 0, [volunteer]) | {"capacity": 5, "format": "in_person"}
    group = await api.call("POST", "groups", "/groups", json=body, wait_while=(422,))
    await api.call("POST", "groups", f"/groups/{group['id']}/open", wait_while=(409, 422))

    who = person(random.Random(str(uuid.uuid4())), AREA, 1, today=today).body()
    referral = await api.call(
        "POST", "referrals", "/referrals",
        json={"source": "community", "area": AREA, "person": who, "consent": {"contact": True},
              "format_preference": "in_person"},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )  # fmt: skip
    await api.call("POST", "referrals", f"/referrals/{referral['id']}/accept")
    placed = await placement(api, referral["id"])
    assert (placed["status"], placed["group_id"]) == ("offered", group["id"])
    await api.call("POST", "groups", f"/placements/{referral['id']}/accept")
    started = (datetime.now(UTC) - timedelta(hours=2)).replace(second=0, microsecond=0)
    session = await held_session(api, group["id"], started)
    return {"group": group, "volunteer": volunteer, "referral": referral, "session": session}


async def test_a_facilitator_takes_the_register(page: Any, portal_stack: PortalStack) -> None:
    made = await a_group_with_a_member(portal_stack)
    group, session, referral = made["group"], made["session"], made["referral"]
    register = f"/groups/{group['id']}/sessions/{session['id']}/register"
    with journey("facilitator: their groups to a saved register"):
        await signed_in_as(
            page, "facilitator", (AREA,), volunteer_id=made["volunteer"], name="Fran"
        )
        await page.goto("/my-groups")
        await expect(page).to_have_title(title("Your groups", "Facilitator"))
        await expect(page.locator("main")).to_contain_text(group["name"])
        await assert_accessible(page)
        await tab_to(page, f'a[href="{register}"]')
        await page.keyboard.press("Enter")
        await expect(page).to_have_title(title(f"Register for {group['name']}", "Your groups"))
        await assert_accessible(page)
        await press_button(page, "Save the register")
        await expect(page.locator(".nhsuk-error-summary")).to_contain_text("Mark at least one")
        await assert_accessible(page, "register with an error")
        await choose(page, f"attendance-{referral['id']}", "present")
        await press_button(page, "Save the register")
        await expect(page.locator(".nhsuk-inset-text")).to_contain_text("Register saved.")
        await assert_accessible(page, "your groups after the register")

    taken = await portal_stack.api.call("GET", "groups", f"/sessions/{session['id']}/attendance")
    assert [(line["referral_id"], line["attendance"]) for line in taken["lines"]] == [
        (referral["id"], "present")
    ]
