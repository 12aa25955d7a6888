"""What page routes depend on: the container, the signed-in user by role, CSRF, the renderer."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from portal.bootstrap import Container
from portal.entrypoints.rendering import Pages
from t2t_shared.signin import signed_in, verify_csrf
from t2t_shared.signin.guard import SignedIn


async def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


async def pages(request: Request) -> Pages:
    return request.app.state.pages  # type: ignore[no-any-return]


Deps = Annotated[Container, Depends(container)]
Render = Annotated[Pages, Depends(pages)]

# Signed-in users by role; anyone else is sent to sign in (or shown "not for you").
Referrer = Annotated[SignedIn, Depends(signed_in("referrer"))]
Coordinator = Annotated[SignedIn, Depends(signed_in("coordinator", "admin"))]
Facilitator = Annotated[SignedIn, Depends(signed_in("facilitator"))]
AnyUser = Annotated[SignedIn, Depends(signed_in())]

# Put on every POST route: `dependencies=[CsrfChecked]`.
CsrfChecked = Depends(verify_csrf)
