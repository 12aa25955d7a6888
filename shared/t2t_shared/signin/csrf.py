"""CSRF: one random token per session, in a hidden field of every form, checked on POST."""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request

SESSION_KEY = "csrf"
FIELD = "csrf_token"


def csrf_token(request: Request) -> str:
    """The session's token, made on first use (templates put it in a hidden field)."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


async def verify_csrf(request: Request) -> None:
    """A dependency for POST routes: 403 unless the form carries this session's token."""
    form = await request.form()
    sent = form.get(FIELD)
    expected = request.session.get(SESSION_KEY)
    if not (
        isinstance(sent, str)
        and isinstance(expected, str)
        and hmac.compare_digest(sent.encode(), expected.encode())
    ):
        raise HTTPException(
            403, "This form has expired or did not come from this site. Go back and try again."
        )
