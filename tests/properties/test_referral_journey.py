"""The referral's state machine, driven at random: it only ever takes the journey's steps,
and once rejected or closed nothing moves it."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from referrals.domain.codes import (
    AttemptChannel,
    AttemptOutcome,
    CloseOutcome,
    RecordedBy,
    RejectionReason,
    Source,
    Status,
)
from referrals.domain.errors import ReferralError
from referrals.domain.model import Referral

S = Status
FORWARD = {S.PLACED, S.JOINED, S.ATTENDED, S.CLOSED}
LEGAL: dict[Status, set[Status]] = {
    S.RECEIVED: {S.ACCEPTED, S.REJECTED, S.CLOSED},
    S.ACCEPTED: {S.CONTACTED} | FORWARD,
    S.CONTACTED: FORWARD,
    S.PLACED: {S.JOINED, S.ATTENDED, S.CLOSED},
    S.JOINED: {S.ATTENDED, S.CLOSED},
    S.ATTENDED: {S.CLOSED},
    S.REJECTED: set(),
    S.CLOSED: set(),
}
TERMINAL = {s for s, after in LEGAL.items() if not after}
comments = st.one_of(st.none(), st.just(""), st.just("moved to Wales"))


class ReferralJourney(RuleBasedStateMachine):
    # Ending steps (reject, close) are taken one time in four, so runs also reach the later
    # stages before they end.
    def __init__(self) -> None:
        super().__init__()
        self.now = datetime(2026, 12, 1, 9, tzinfo=UTC)
        self.referral = Referral(
            id=uuid.uuid4(),
            reference_code="T2T-ABCDEF",
            source=Source.SELF,
            area="leeds",
            person=None,
            consent_to_contact=True,
            received_at=self.now,
        )

    def _step(self, action: Any) -> None:
        before = copy.deepcopy(vars(self.referral))
        self.now += timedelta(hours=1)
        try:
            action(self.now)
        except ReferralError:
            assert vars(self.referral) == before, "a refused step changed the referral"
            return
        was, now = before["status"], self.referral.status
        if was in TERMINAL:
            assert vars(self.referral) == before, f"a {was} referral changed"
        elif now != was:
            assert now in LEGAL[was], f"illegal step {was} -> {now}"
            assert self.referral.version > before["version"]

    @rule()
    def accept(self) -> None:
        self._step(self.referral.accept)

    @rule(reason=st.sampled_from(list(RejectionReason)), comment=comments, gate=st.integers(0, 3))
    def reject(self, reason: RejectionReason, comment: str | None, gate: int) -> None:
        if gate:
            return
        self._step(lambda at: self.referral.reject(reason, comment, at))

    @rule(
        channel=st.sampled_from(list(AttemptChannel)), outcome=st.sampled_from(list(AttemptOutcome))
    )
    def record_attempt(self, channel: AttemptChannel, outcome: AttemptOutcome) -> None:
        self._step(
            lambda at: self.referral.record_attempt(
                channel=channel, outcome=outcome, recorded_by=RecordedBy.COORDINATOR, at=at
            )
        )

    @rule(outcome=st.sampled_from(list(CloseOutcome)), comment=comments, gate=st.integers(0, 3))
    def close(self, outcome: CloseOutcome, comment: str | None, gate: int) -> None:
        if gate:
            return
        self._step(lambda at: self.referral.close(outcome, comment, at))

    @rule(gate=st.integers(0, 3))
    def close_for_erasure(self, gate: int) -> None:
        if gate:
            return
        self._step(self.referral.close_for_erasure)

    @rule(to=st.sampled_from([S.PLACED, S.JOINED, S.ATTENDED]))
    def advance(self, to: Status) -> None:
        group = uuid.uuid4()
        self._step(lambda at: self.referral.advance(to, group, at))

    @rule()
    def the_usual_next_step(self) -> None:
        """Accept, then reach the person: random runs then get to the later stages too."""
        if self.referral.status is S.RECEIVED:
            self.accept()
        elif self.referral.status is S.ACCEPTED:
            self.record_attempt(AttemptChannel.PHONE, AttemptOutcome.REACHED)

    @invariant()
    def dates_match_the_status(self) -> None:
        r = self.referral
        assert r.status in LEGAL
        assert (r.status is S.REJECTED) == (r.rejected_at is not None)
        assert (r.status is S.CLOSED) == (r.closed_at is not None)
        if r.status in {S.ACCEPTED, S.CONTACTED, S.PLACED, S.JOINED, S.ATTENDED}:
            assert r.accepted_at is not None
        if r.status is S.CONTACTED:
            assert r.contacted_at is not None
        if r.status in {S.PLACED, S.JOINED, S.ATTENDED}:
            assert r.group_id is not None
        assert r.failed_attempts <= r.attempts_made


TestReferralJourney = ReferralJourney.TestCase
