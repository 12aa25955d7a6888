"""The coded values staff choose from, in the order the pages offer them, and paging."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from t2t_shared.signin.guard import SignedIn

STATUSES = (
    "received",
    "accepted",
    "contacted",
    "placed",
    "joined",
    "attended",
    "rejected",
    "closed",
)
SOURCES = ("gp", "self", "health_professional", "community")
REJECT_REASONS = ("ineligible", "out_of_area", "duplicate", "declined_by_person", "other")
CLOSE_OUTCOMES = ("completed", "declined_by_person", "unreachable", "no_longer_eligible", "other")
ATTEMPT_CHANNELS = ("phone", "sms", "email", "letter")
ATTEMPT_OUTCOMES = ("reached", "no_answer", "left_message", "wrong_number")
OPEN = ("received", "accepted", "contacted", "placed", "joined", "attended")

GROUP_LEAVE_REASONS = ("moved_away", "no_longer_interested", "health", "unreachable", "other")
STAGES = ("applied", "screening", "training", "trained", "active", "paused", "left")
VOLUNTEER_LEAVE_REASONS = ("did_not_start", "not_suitable", "moved", "resigned", "other")


def items(codes: tuple[str, ...], chosen: object = None) -> list[dict[str, Any]]:
    """Radio or select items for the NHS.UK macros: the code, in words."""
    return [
        {"value": c, "text": c.replace("_", " ").capitalize(), "checked": c == chosen,
         "selected": c == chosen}
        for c in codes
    ]  # fmt: skip


def options(anything: str, codes: tuple[str, ...], chosen: str) -> list[dict[str, Any]]:
    """A select's items: "any" first, then each code in words."""
    return [{"value": "", "text": anything, "selected": not chosen}, *items(codes, chosen)]


def user_areas(user: SignedIn, deployment: tuple[str, ...]) -> tuple[str, ...]:
    """The areas a signed-in coordinator covers (each of the deployment's for `*`)."""
    areas = user.principal.areas
    return deployment if "*" in areas else tuple(a for a in areas if a in deployment)


def page_links(
    path: str, filters: dict[str, str], page: int, size: int, total: int
) -> dict[str, Any]:
    """Previous and next links that keep the filters."""

    def href(n: int) -> str:
        query = {k: v for k, v in filters.items() if v} | {"page": str(n)}
        return f"{path}?{urlencode(query)}"

    last = max(1, -(-total // size))
    return {
        "previous": {"href": href(page - 1), "labelText": "Previous page"} if page > 1 else None,
        "next": {"href": href(page + 1), "labelText": "Next page"} if page < last else None,
        "page": page,
        "last": last,
    }
