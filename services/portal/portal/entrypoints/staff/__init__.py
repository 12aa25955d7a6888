"""Staff pages (coordinators and facilitators). Append each new router to `routers`;
the app includes them all."""

from __future__ import annotations

from fastapi import APIRouter

from portal.entrypoints.staff import referral, worklist

routers: list[APIRouter] = [worklist.router, referral.router]
