"""The volunteer pipeline's stages, leaving reasons and the errors of its rules."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    APPLIED = "applied"
    SCREENING = "screening"
    TRAINING = "training"
    TRAINED = "trained"
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class LeaveReason(StrEnum):
    DID_NOT_START = "did_not_start"
    NOT_SUITABLE = "not_suitable"
    MOVED = "moved"
    RESIGNED = "resigned"
    OTHER = "other"


# Where each action may start from; the one place that says what the pipeline allows.
ALLOWED_FROM: dict[str, frozenset[Stage]] = {
    "start screening": frozenset({Stage.APPLIED}),
    "record a reference": frozenset({Stage.SCREENING}),
    "record a DBS check": frozenset(
        {Stage.SCREENING, Stage.TRAINING, Stage.TRAINED, Stage.ACTIVE, Stage.PAUSED}
    ),
    "start the core course": frozenset({Stage.SCREENING}),
    "complete the core course": frozenset({Stage.TRAINING}),
    "start a refresher": frozenset({Stage.TRAINED, Stage.ACTIVE, Stage.PAUSED}),
    "complete a refresher": frozenset({Stage.TRAINED, Stage.ACTIVE, Stage.PAUSED}),
    "set a supervisor": frozenset({Stage.TRAINED, Stage.ACTIVE, Stage.PAUSED}),
    "activate": frozenset({Stage.TRAINED, Stage.ACTIVE}),
    "pause": frozenset({Stage.TRAINED, Stage.ACTIVE}),
    "resume": frozenset({Stage.PAUSED}),
    "leave": frozenset(set(Stage) - {Stage.LEFT}),
}


class VolunteerError(Exception):
    """A rule of the volunteer pipeline was broken."""


class IllegalTransition(VolunteerError):
    """The action is not allowed from the volunteer's current stage."""

    def __init__(self, action: str, current: Stage) -> None:
        allowed = ", ".join(sorted(ALLOWED_FROM[action]))
        super().__init__(
            f"Cannot {action} while the volunteer is '{current}'; allowed from: {allowed}"
        )
        self.action = action
        self.current = current


class RuleBroken(VolunteerError):
    """A precondition other than the stage is not met (e.g. screening incomplete)."""

    def __init__(self, message: str, current: Stage) -> None:
        super().__init__(message)
        self.current = current


class InvalidDetail(VolunteerError):
    """A value that breaks a rule of the domain: answered 422 naming the field."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class ConcurrentUpdate(VolunteerError):
    """The volunteer changed between loading and saving: reload and try again."""


def check_allowed(action: str, current: Stage) -> None:
    if current not in ALLOWED_FROM[action]:
        raise IllegalTransition(action, current)
