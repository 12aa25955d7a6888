"""Rules of the referral journey that a request can break."""

from __future__ import annotations

from referrals.domain.codes import Status


class ReferralError(Exception):
    """A rule of the referral journey was broken."""


class MissingReferrer(ReferralError):
    pass


class IllegalTransition(ReferralError):
    """The referral's current status does not allow this step (HTTP 409)."""

    def __init__(self, action: str, current: Status, why: str | None = None) -> None:
        self.action = action
        self.current = current
        super().__init__(why or f"a referral that is {current.value} cannot be {action}")


class CommentRequired(ReferralError):
    """A coded value of `other` needs a comment saying what it was (HTTP 422)."""
