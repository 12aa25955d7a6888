"""The services answer errors as RFC 9457 problem documents; the portal reads them as before."""

from __future__ import annotations

import httpx

from portal.adapters.api import Conflict, Invalid, _error


def problem(status: int, body: dict[str, object]) -> httpx.Response:
    return httpx.Response(
        status,
        json={
            "type": "about:blank",
            "title": "t",
            "status": status,
            "instance": "/x",
            "request_id": "r-12345678",
            **body,
        },
        headers={"content-type": "application/problem+json"},
    )


def test_a_validation_problem_gives_each_field_and_reason() -> None:
    error = _error(
        "referrals",
        problem(
            422,
            {
                "detail": "The request is not valid",
                "errors": [{"field": "person.postcode", "reason": "not a UK postcode"}],
            },
        ),
    )

    assert isinstance(error, Invalid)
    assert [(e.field, e.reason) for e in error.errors] == [("person.postcode", "not a UK postcode")]


def test_a_conflict_problem_keeps_its_detail_and_members() -> None:
    error = _error(
        "referrals", problem(409, {"detail": "already rejected", "current_status": "rejected"})
    )

    assert isinstance(error, Conflict)
    assert error.detail == "already rejected"
    assert error.body["current_status"] == "rejected"
