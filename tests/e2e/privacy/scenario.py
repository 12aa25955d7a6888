"""What the canaries go through: every kind of referral and a volunteer, the success paths
(triage, contact attempts, a place in a group), the failure paths (bad input, a refused email)
and erasure. Each step waits for what it needs (an event reaching another service) by polling."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tests.e2e.privacy import people
from tests.e2e.privacy.client import Api
from tests.fixtures.canary import CanarySet
from tests.fixtures.refusing_smtp import RefusingMailCatcher


@dataclass
class Erasable:
    """Who the scenario made, to be erased at the end: referrals' person ids, volunteers."""

    people: dict[str, str] = field(default_factory=dict)  # who -> person id
    referrals: dict[str, str] = field(default_factory=dict)  # who.source.area -> referral id
    volunteers: dict[str, str] = field(default_factory=dict)
    group: str = ""
    notification: str = ""

    def ids(self) -> dict[str, str]:
        """Path parameters for reading one of each thing made."""
        person = self.people["gp_patient"]
        return {
            "referral_id": self.referrals["gp_patient.gp.leeds"],
            "person_id": person,
            "recipient_id": person,
            "volunteer_id": self.volunteers["volunteer"],
            "group_id": self.group,
            "notification_id": self.notification,
        }


async def recruit_facilitator(api: Api, canaries: CanarySet, made: Erasable) -> str:
    who = "volunteer"
    created = await api.call(
        "POST", "volunteers", "/applications", role=None, json=people.application(canaries, who)
    )
    volunteer = str(created["volunteer_id"])
    made.volunteers[who] = volunteer
    base = f"/volunteers/{volunteer}"
    today = date.today()
    await api.call("POST", "volunteers", base + "/screening")
    for slot in (1, 2):
        reference = {"received_on": str(today), "satisfactory": True}
        await api.call("PUT", "volunteers", f"{base}/references/{slot}", json=reference)
    dbs = {
        "status": "complete",
        "level": "enhanced",
        "certificate_number": people.dbs_certificate(canaries, who),
        "issued_on": str(today),
        "renewal_due": str(today + timedelta(days=3 * 365)),
    }
    await api.call("PUT", "volunteers", base + "/dbs", json=dbs)
    await api.call("POST", "volunteers", base + "/training/core_facilitator/start")
    done = {"sessions_attended": 4}
    await api.call("POST", "volunteers", base + "/training/core_facilitator/complete", json=done)
    await api.call("PUT", "volunteers", base + "/supervisor", json=people.supervisor(canaries, who))
    return volunteer


async def open_group(api: Api, facilitator: str, made: Erasable) -> None:
    """An online group in Leeds led by the canary volunteer, once groups knows they trained."""
    body = {
        "name": "Canary online group",
        "area": "leeds",
        "format": "online",
        "joining_link": "https://meet.example.org/canary",
        "schedule": {
            "frequency": "weekly",
            "weekday": 2,
            "start_time": "18:30",
            "duration_minutes": 90,
        },
        "capacity": 12,
        "facilitator_ids": [facilitator],
    }
    group = await api.until("POST", "groups", "/groups", json=body, expect=(201,))
    await api.until("POST", "groups", f"/groups/{group['id']}/open")
    made.group = str(group["id"])


async def refer(
    api: Api, made: Erasable, person: people.Person, body: dict[str, Any], role: str
) -> str:
    path = "/self-referrals" if "source" not in body else "/referrals"
    created = await api.call(
        "POST", "referrals", path, role=None if path == "/self-referrals" else role, json=body
    )
    referral = str(created["id"])
    made.referrals[f"{person.who}.{body.get('source', 'self')}.{body['area']}"] = referral
    if person.who not in made.people:
        full = await api.call("GET", "referrals", f"/referrals/{referral}", role="admin")
        made.people[person.who] = str(full["person_id"] or full["person"]["id"])
    return referral


async def gp_patient_placed(api: Api, canaries: CanarySet, made: Erasable) -> None:
    """Referred by their GP, reached after a missed call, placed in the group and joined."""
    person = people.patient(canaries, "gp_patient", "email")
    body = people.referral(canaries, person, "gp", format_preference="online")
    referral = await refer(api, made, person, body, "referrer")
    await api.call("POST", "referrals", f"/referrals/{referral}/accept")
    for n, outcome in enumerate(("no_answer", "reached")):
        attempt = {"channel": "phone", "outcome": outcome}
        attempt["note"] = people.note(canaries, f"gp_patient.contact_attempt_note.{n}")
        await api.call("POST", "referrals", f"/referrals/{referral}/contact-attempts", json=attempt)
    placement = f"/placements/{referral}"
    await _until_status(api, placement, {"offered"})
    await api.call("POST", "groups", placement + "/accept")
    made.notification = await _a_notification(api, referral)
    # Referred again, by a coordinator in another area: a second id for the same person.
    again = people.referral(canaries, person, "community", area="kirklees")
    await refer(api, made, person, again, "coordinator")


async def self_referrer_rejected(api: Api, canaries: CanarySet, made: Erasable) -> None:
    person = people.patient(canaries, "self_referrer", "sms")
    referral = await refer(api, made, person, people.self_referral(canaries, person), "")
    comment = people.note(canaries, "self_referrer.rejection_comment")
    await api.call(
        "POST",
        "referrals",
        f"/referrals/{referral}/reject",
        json={"reason": "other", "comment": comment},
    )


async def professional_refused_email(
    api: Api, canaries: CanarySet, made: Erasable, smtp: RefusingMailCatcher
) -> None:
    """Referred by another health professional; the mail relay refuses their address."""
    person = people.patient(canaries, "hp_patient", "email", refused=True)
    body = people.referral(canaries, person, "health_professional")
    referral = await refer(api, made, person, body, "referrer")
    email = person.body["email"]
    await _poll(lambda: email in smtp.refused, "the relay refused the acknowledgement")

    async def failed() -> bool:
        found = await api.call(
            "GET", "notifications", f"/notifications?subject_id={referral}", role="ops"
        )
        return any(n["status"] == "failed" for n in found)

    await _poll(failed, "notifications recorded the refused email as failed")
    await api.call("POST", "referrals", f"/referrals/{referral}/accept")
    comment = people.note(canaries, "hp_patient.close_comment")
    closing = {"outcome": "other", "comment": comment}
    await api.call("POST", "referrals", f"/referrals/{referral}/close", json=closing)


async def community_wrong_number(api: Api, canaries: CanarySet, made: Erasable) -> None:
    person = people.patient(canaries, "community_patient", "sms")
    referral = await refer(
        api, made, person, people.referral(canaries, person, "community"), "coordinator"
    )
    await api.call("POST", "referrals", f"/referrals/{referral}/accept")
    attempt = {"channel": "sms", "outcome": "wrong_number"}
    attempt["note"] = people.note(canaries, "community_patient.contact_attempt_note")
    await api.call("POST", "referrals", f"/referrals/{referral}/contact-attempts", json=attempt)


async def odd_inputs(api: Api, canaries: CanarySet, made: Erasable) -> None:
    """Bad input: the answers are kept, to be searched for the canaries and checked for 5xx.
    Whatever was taken after all (a NUL dropped, say) is erased with the rest."""
    for label, (service, path, body) in people.bad_inputs(canaries).items():
        role = "referrer" if path == "/referrals" else None
        raw = body if isinstance(body, str) else None
        response = await api.raw(
            "POST", service, path, role=role, json=None if raw else body, content=raw
        )
        api.refusals[f"http:{response.status_code} POST {service}{path} ({label})"] = response.text
        if response.status_code == 201 and service == "volunteers":
            made.volunteers[f"accepted {label}"] = str(response.json()["volunteer_id"])
        elif response.status_code == 201:
            referral = response.json()["id"]
            full = await api.call("GET", "referrals", f"/referrals/{referral}", role="admin")
            made.people[f"accepted {label}"] = str(full["person_id"])


async def erase_everyone(api: Api, made: Erasable) -> None:
    for person in made.people.values():
        await api.call("DELETE", "referrals", f"/people/{person}", role="admin")
    for volunteer in made.volunteers.values():
        await api.call("DELETE", "volunteers", f"/people/{volunteer}", role="admin")


async def _a_notification(api: Api, referral: str) -> str:
    found: list[dict[str, Any]] = []

    async def listed() -> bool:
        path = f"/notifications?subject_id={referral}"
        found[:] = await api.call("GET", "notifications", path, role="ops")
        return bool(found)

    await _poll(listed, f"a notification about {referral}")
    return str(found[0]["id"])


async def _until_status(api: Api, placement: str, wanted: set[str]) -> None:
    async def reached() -> bool:
        response = await api.raw("GET", "groups", placement)
        return response.status_code == 200 and response.json()["status"] in wanted

    await _poll(reached, f"{placement} reached {wanted}")


async def _poll(check: Any, what: str, within: float = 90) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {within}s: {what}")
        await asyncio.sleep(0.3)
