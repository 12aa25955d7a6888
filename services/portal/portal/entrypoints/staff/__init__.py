"""Staff pages (coordinators and facilitators). Append each new router to `routers`;
the app includes them all."""

from __future__ import annotations

from fastapi import APIRouter

routers: list[APIRouter] = []
