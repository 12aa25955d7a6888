"""An `area` in a query or path is one of this deployment's areas, on every route.

The documents list the areas as the parameter's enum; this makes every service refuse
the others alike (422 naming the field), instead of answering an empty list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from fastapi import Request
from fastapi.exceptions import RequestValidationError


def known_areas(areas: Sequence[str]) -> Callable[[Request], Awaitable[None]]:
    known = frozenset(areas)

    async def check(request: Request) -> None:
        for where, values in (("query", request.query_params), ("path", request.path_params)):
            area = values.get("area")
            if area is not None and area not in known:
                raise RequestValidationError(
                    [
                        {
                            "loc": (where, "area"),
                            "msg": f"unknown area; this deployment has: {', '.join(areas)}",
                            "type": "enum",
                        }
                    ]
                )

    return check
