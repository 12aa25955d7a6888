"""The admin's receipt-email page over a faked referrals API: look up, show, save, refuse."""

from __future__ import annotations

import json

from .fake_apis import FakeService, reply
from .support import csrf, portal, sign_in

PRACTICE = {
    "ods_code": "B82005",
    "name": "HYDE PARK SURGERY",
    "area": "leeds",
    "status": "active",
    "postcode_district": "LS6",
    "registered_at": "2026-12-04T09:00:00+00:00",
}
PAGE = "/practices/receipt-email"


def referrals_service() -> FakeService:
    def put(request: object) -> object:
        body = json.loads(request.content)  # type: ignore[attr-defined]
        return reply(200, {"ods_code": "B82005", "email": body["email"]})(request)  # type: ignore[arg-type]

    return FakeService(
        {
            ("GET", "/practices/B82005"): PRACTICE,
            ("GET", "/practices/B82005/receipt-email"): {"ods_code": "B82005", "email": None},
            ("PUT", "/practices/B82005/receipt-email"): put,
        }
    )


def test_an_admin_finds_a_practice_and_saves_its_receipt_email() -> None:
    service = referrals_service()
    with portal({"referrals": service}) as client:
        sign_in(client, "admin", ("*",))
        found = client.get(f"{PAGE}?ods_code=b82005")
        assert found.status_code == 200
        assert "HYDE PARK SURGERY" in found.text
        assert "Where should receipts for this practice go?" in found.text
        token = csrf(client, f"{PAGE}?ods_code=B82005")
        saved = client.post(
            PAGE,
            data={"csrf_token": token, "ods_code": "B82005", "email": "hp@nhs.example"},
        )
    assert saved.status_code == 200
    assert str(saved.url).endswith("?ods_code=B82005&saved=true")
    assert "Receipt email saved" in saved.text
    assert service.posted("/practices/B82005/receipt-email") == [{"email": "hp@nhs.example"}]


def test_an_unknown_code_and_a_bad_email_are_shown_beside_their_fields() -> None:
    service = referrals_service()
    service.answers[("PUT", "/practices/B82005/receipt-email")] = reply(
        422,
        {
            "detail": "The request is not valid",
            "errors": [{"field": "email", "reason": "not a valid email address", "type": "x"}],
        },
    )
    with portal({"referrals": service}) as client:
        sign_in(client, "admin", ("*",))
        unknown = client.get(f"{PAGE}?ods_code=Z99999")
        token = csrf(client, f"{PAGE}?ods_code=B82005")
        bad = client.post(PAGE, data={"csrf_token": token, "ods_code": "B82005", "email": "x@"})
    assert "No GP practice with this ODS code in the register" in unknown.text
    assert bad.status_code == 422
    assert "Not a valid email address" in bad.text
    assert 'href="#email"' in bad.text


def test_only_an_admin_gets_the_page() -> None:
    service = referrals_service()
    with portal({"referrals": service}) as client:
        sign_in(client, "coordinator", ("leeds",))
        page = client.get(f"{PAGE}?ods_code=B82005")
    assert page.status_code == 403
    assert service.seen == []
