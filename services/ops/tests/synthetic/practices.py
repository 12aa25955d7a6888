"""The practice register and its outreach, as referrals publishes them."""

from __future__ import annotations

from datetime import UTC, datetime

from t2t_shared.envelope import EventRecord

from .base import RecordMaker, new_id


class Practices(RecordMaker):
    def practice_registered(
        self,
        ods_code: str,
        *,
        area: str,
        name: str = "The Light Surgery",
        status: str = "active",
        postcode_district: str = "LS6",
        at: datetime | None = None,
    ) -> EventRecord:
        at = at or datetime.now(UTC)
        data = {
            "ods_code": ods_code,
            "name": name,
            "area": area,
            "status": status,
            "postcode_district": postcode_district,
            "registered_at": at,
        }
        return self.record("referrals", "PracticeRegistered", ods_code, data, at=at)

    def practice_engaged(
        self, ods_code: str, *, area: str, kind: str = "visit", at: datetime | None = None
    ) -> EventRecord:
        at = at or datetime.now(UTC)
        data = {
            "ods_code": ods_code,
            "area": area,
            "kind": kind,
            "engaged_at": at,
            "outreach_id": new_id(),
        }
        return self.record("referrals", "PracticeEngaged", ods_code, data, at=at)
