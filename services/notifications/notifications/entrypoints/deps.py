"""Dependencies the routers share: the container, and who may call."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from notifications.bootstrap import Container
from t2t_shared.auth import Principal
from t2t_shared.http.security import require_roles


async def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


Deps = Annotated[Container, Depends(container)]
Operator = Annotated[Principal, Depends(require_roles("ops", "admin"))]
Staff = Annotated[Principal, Depends(require_roles("coordinator", "ops", "admin"))]
