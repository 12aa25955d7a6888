"""The callers the matrix tries on every route, and what each is bound to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from t2t_shared.auth import issue_token
from tests.fixtures.services import signing_key

AREA, OTHER_AREA = "leeds", "york"
PRACTICE, OTHER_PRACTICE = "B82005", "C84001"


@dataclass(frozen=True)
class Caller:
    name: str
    role: str | None  # None: no token at all
    areas: tuple[str, ...] = ()
    ods_code: str | None = None
    volunteer_id: str | None = None

    def headers(self) -> dict[str, str]:
        if self.role is None:
            return {}
        token = issue_token(
            signing_key(),
            role=self.role,  # type: ignore[arg-type]
            areas=self.areas,
            subject=f"matrix-{self.name}",
            ods_code=self.ods_code,
            volunteer_id=self.volunteer_id,
        )
        return {"Authorization": f"Bearer {token}"}

    def covers(self, area: str) -> bool:
        return "*" in self.areas or area in self.areas


CALLERS: tuple[Caller, ...] = (
    Caller("anonymous", None),
    Caller("referrer-own-practice", "referrer", (AREA,), ods_code=PRACTICE),
    Caller("referrer-other-practice", "referrer", (AREA,), ods_code=OTHER_PRACTICE),
    Caller("coordinator-in-area", "coordinator", (AREA,)),
    Caller("coordinator-out-of-area", "coordinator", (OTHER_AREA,)),
    Caller("facilitator", "facilitator", (AREA,), volunteer_id=str(uuid.uuid4())),
    Caller("commissioner", "commissioner", (AREA,)),
    Caller("ops", "ops", ("*",)),
    Caller("ops-out-of-area", "ops", (OTHER_AREA,)),
    Caller("admin", "admin", ("*",)),
)
