"""Rebuilding the durable read models from the topics. Role admin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from ops.entrypoints.deps import Deps
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS
from t2t_shared.http.security import require_roles

router = APIRouter(prefix="/api/projections", tags=["console"], responses=STANDARD_ERRORS)
Admin = Annotated[Principal, Depends(require_roles("admin"))]


class RebuildPublic(BaseModel):
    rebuilding: bool = Field(description="The read models are truncated and read again")


@router.post(
    "/rebuild",
    status_code=202,
    response_model=RebuildPublic,
    summary="Truncate the read models and replay the events topics from the beginning",
    description="Progress shows in `/api/status` and `/readyz` as at start-up.",
)
async def rebuild(_: Admin, deps: Deps) -> RebuildPublic:
    deps.observer.request_rebuild()
    return RebuildPublic(rebuilding=True)
