"""The ways a request can break a rule of groups, placement or attendance."""

from __future__ import annotations


class GroupsError(Exception):
    """A rule of the groups service was broken."""


class IllegalTransition(GroupsError):
    """The thing is not in a state that allows this; answered 409 with its current state."""

    def __init__(self, what: str, current: str, action: str) -> None:
        super().__init__(f"{what} is {current}: cannot {action}")
        self.what = what
        self.current = current
        self.action = action


class RuleBroken(GroupsError):
    """Input that is well formed but breaks a rule; answered 422 naming the field."""

    def __init__(self, field: str, reason: str, kind: str = "rule") -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.kind = kind


class Conflict(GroupsError):
    """The request clashes with what is already there (409)."""


class NotFound(GroupsError):
    """No such group, session or placement (404)."""


class Contended(Conflict):
    """Other requests kept taking the places this one chose; trying again settles it."""
