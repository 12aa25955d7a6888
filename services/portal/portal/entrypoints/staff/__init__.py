"""Staff pages (coordinators and facilitators). Append each new router to `routers`;
the app includes them all."""

from __future__ import annotations

from fastapi import APIRouter

from portal.entrypoints.staff import (
    facilitator,
    group_page,
    groups,
    practice_email,
    referral,
    volunteer_actions,
    volunteers,
    worklist,
)

routers: list[APIRouter] = [
    worklist.router,
    referral.router,
    facilitator.router,
    groups.router,  # before group_page: /groups/new is not a group id
    group_page.router,
    volunteers.router,
    volunteer_actions.router,
    practice_email.router,
]
