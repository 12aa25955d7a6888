"""Sends due notifications: once each, fenced claims, outages paused, drained at shutdown."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from notifications.domain.model import Channel, Notification
from notifications.domain.preferences import NO_PREFERENCES
from notifications.service_layer.breaker import ProviderBreaker
from notifications.service_layer.delivery import Delivery
from notifications.service_layer.dispatch_policy import DispatchPolicy
from notifications.service_layer.outcomes import (
    Outcome,
    failed,
    log_outcome,
    record_outcomes,
    write_outcomes,
)
from notifications.service_layer.providers import EmailProvider, Renderer, SmsProvider, finder_of
from notifications.service_layer.send_cap import DailyCap
from notifications.service_layer.unit_of_work import UnitOfWork
from notifications.service_layer.wakeups import Wakeups
from t2t_shared.topics import Topics

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        email: EmailProvider,
        sms: SmsProvider,
        renderer: Renderer,
        topics: Topics,
        policy: DispatchPolicy | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow = uow_factory
        self._email = email
        self._sms = sms
        self._topic = topics.events("notifications")
        self._policy = policy or DispatchPolicy()
        self._clock = clock
        self._breaker = ProviderBreaker(uow_factory, topics, self._policy.breaker, clock)
        self._delivery = Delivery(email, sms, renderer, self._breaker, self._policy, clock)
        self._wakeups = Wakeups(self._policy.workers, self._policy.poll_interval_s)
        self._rounds: set[asyncio.Task[int]] = set()
        self._stopping = False

    def wake(self) -> None:
        """A message was committed due now: a round starts at once, not at the next poll."""
        self._wakeups.wake()

    @property
    def idle_workers(self) -> int:
        return self._wakeups.idle

    async def close(self) -> None:
        """Drain: claim nothing more, let sends in progress finish and be recorded, then close.

        Rounds run as their own tasks, so cancelling `run()` (the service stopping) does not
        cut a send off mid-way; only a round still going after the drain timeout is.
        """
        self._stopping = True
        if self._rounds:
            _, late = await asyncio.wait(self._rounds, timeout=self._policy.drain_timeout_s)
            for task in late:
                task.cancel()
            if late:
                log.warning("sends cut off at shutdown", extra={"rounds": len(late)})
        for provider in (self._email, self._sms):
            close = getattr(provider, "close", None)
            if close is not None:
                await close()

    async def run(self) -> None:
        """A few rounds at once: a round waits on its slowest send, the next need not wait."""
        await asyncio.gather(*(self._worker(n) for n in range(self._policy.workers)))

    async def _worker(self, n: int) -> None:
        next_settle = 0.0
        loop = asyncio.get_running_loop()
        while not self._stopping:
            try:
                if n == 0 and loop.time() >= next_settle:
                    await self.settle_abandoned()
                    next_settle = loop.time() + self._policy.abandoned_after_s / 4
                round_ = asyncio.create_task(self.dispatch_due())
                self._rounds.add(round_)
                round_.add_done_callback(self._rounds.discard)
                if await asyncio.shield(round_) >= self._policy.batch_size:
                    # More may be due: go on, and bring another worker in.
                    self._wakeups.wake()
                    continue
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("dispatch round failed", extra={"error": type(exc).__name__})
            await self._wakeups.wait(n)

    async def dispatch_due(self) -> int:
        """Claim what is due (committing the claim first, so a crash never sends twice), send.

        The claim and the reads after it need no transaction around them (the adapters run
        each on its own, no BEGIN or COMMIT, when none has begun).
        """
        if self._stopping:
            return 0
        async with self._uow() as uow:
            claimed = await uow.claims.claim_due(self._clock(), self._policy.batch_size)
            # An empty round still reads the pauses for the gauge, but once a poll interval.
            if not claimed and not self._breaker.observation_due(self._policy.poll_interval_s):
                return 0
            ids = [n.recipient_id for n in claimed]
            recipients = await uow.recipients.get_many(ids)
            preferences = await uow.preferences.get_many(ids)
            pauses = await uow.pauses.all()
            cap = await DailyCap.load(
                uow, self._policy.sends_per_recipient_per_day, recipients.values(), self._clock()
            )
            await uow.commit()
        self._breaker.observe((self._email.name, self._sms.name), pauses)
        if not claimed:
            return 0
        unfinished = {n.id: n for n in claimed}
        renewing = asyncio.create_task(self._renew(unfinished))
        try:
            finished: list[Outcome] = []
            for sending in asyncio.as_completed(
                [
                    self._delivery.deliver(
                        n,
                        recipients.get(n.recipient_id),
                        preferences.get(n.recipient_id, NO_PREFERENCES),
                        pauses,
                        cap,
                    )
                    for n in claimed
                ]
            ):
                outcome = await sending
                unfinished.pop(outcome.notification.id, None)
                finished.append(outcome)
                # Recorded as they finish, a few at a time: the fewer sends a crash catches
                # unrecorded, the fewer are flagged 'interrupted'.
                if len(finished) >= self._policy.record_every:
                    await record_outcomes(self._uow, finished, self._topic)
                    finished = []
            await record_outcomes(self._uow, finished, self._topic)
        finally:
            renewing.cancel()
        return len(claimed)

    async def _renew(self, unfinished: dict[uuid.UUID, Notification]) -> None:
        """Keep this round's claims alive while their sends are still going."""
        while True:
            await asyncio.sleep(self._policy.renew_every_s)
            if not unfinished:
                continue
            try:
                async with self._uow() as uow:
                    await uow.claims.renew(list(unfinished.values()), self._clock())
                    await uow.commit()
            except Exception as exc:  # the next renewal tries again; the send goes on
                log.warning("claim renewal failed", extra={"error": type(exc).__name__})

    async def settle_abandoned(self) -> int:
        """Sends cut off mid-way: looked up where the provider can be asked (both channels'
        providers can: the channel is chosen at send time, so the row may not say it), else
        flagged for a person to follow up. Never resent blindly, never hidden."""
        cutoff = self._clock() - timedelta(seconds=self._policy.abandoned_after_s)
        if finder_of(self._email) is not None and finder_of(self._sms) is not None:
            async with self._uow() as uow:
                unresolved = await uow.claims.unresolve_abandoned(cutoff, self._clock())
                await uow.commit()
            return unresolved
        async with self._uow() as uow:
            abandoned = await uow.claims.take_abandoned(cutoff)
            outcomes = [
                failed(
                    n,
                    "interrupted",
                    self._delivery.provider_name(n.channel or Channel.EMAIL),
                    self._clock(),
                    recipient=False,
                )
                for n in abandoned
            ]
            await write_outcomes(uow, outcomes, self._topic)
            await uow.commit()
        for o in outcomes:
            log_outcome(o)
        return len(abandoned)
