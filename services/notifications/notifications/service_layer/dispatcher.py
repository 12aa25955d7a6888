"""Sends due notifications: once each, retried with backoff, failures recorded and published."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from notifications.adapters.templates import TemplateError, TemplateRenderer
from notifications.domain.messages import OutgoingEmail, OutgoingSms, ProviderError, ProviderReceipt
from notifications.domain.model import Attempt, Channel, Notification, Recipient, Status
from notifications.domain.personal import personal_context
from notifications.domain.preferences import NO_PREFERENCES, Preferences, choose_channel, why_not
from notifications.domain.quiet_hours import QuietHours
from notifications.service_layer.outcomes import (
    FailureReason,
    Outcome,
    failed,
    log_outcome,
    sent,
)
from notifications.service_layer.providers import EmailProvider, SmsProvider
from notifications.service_layer.unit_of_work import UnitOfWork
from t2t_shared.events import IntegrationEvent
from t2t_shared.topics import Topics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DispatchPolicy:
    # Claimed rows are all sent at once, so a crash leaves at most workers x batch_size
    # claims unsettled (flagged 'interrupted', never resent).
    batch_size: int = 10
    workers: int = 4
    # Outcomes are recorded as sends finish, this many to a transaction.
    record_every: int = 10
    max_attempts: int = 5
    first_backoff_s: float = 5.0
    poll_interval_s: float = 0.5
    # A claim older than this belongs to a sender that died: far longer than any send takes.
    abandoned_after_s: float = 120.0
    quiet_hours: QuietHours | None = field(default_factory=QuietHours)


class Dispatcher:
    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        email: EmailProvider,
        sms: SmsProvider,
        renderer: TemplateRenderer,
        topics: Topics,
        policy: DispatchPolicy | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow = uow_factory
        self._email = email
        self._sms = sms
        self._renderer = renderer
        self._topic = topics.events("notifications")
        self._policy = policy or DispatchPolicy()
        self._clock = clock
        self._wakes = [asyncio.Event() for _ in range(self._policy.workers)]
        self._channels: dict[str, tuple[Channel, ...]] = {}

    def wake(self) -> None:
        for event in self._wakes:
            event.set()

    async def close(self) -> None:
        """Let providers that keep connections open close them."""
        for provider in (self._email, self._sms):
            close = getattr(provider, "close", None)
            if close is not None:
                await close()

    async def run(self) -> None:
        """A few rounds at once: a round waits on its slowest send, the next need not wait."""
        await asyncio.gather(*(self._worker(n) for n in range(self._policy.workers)))

    async def _worker(self, n: int) -> None:
        wake = self._wakes[n]
        next_settle = 0.0
        loop = asyncio.get_running_loop()
        while True:
            try:
                if n == 0 and loop.time() >= next_settle:
                    await self.settle_abandoned()
                    next_settle = loop.time() + self._policy.abandoned_after_s / 4
                if await self.dispatch_due() >= self._policy.batch_size:
                    continue
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("dispatch round failed", extra={"error": type(exc).__name__})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self._policy.poll_interval_s)
            wake.clear()

    async def dispatch_due(self) -> int:
        """Claim what is due (committing the claim first, so a crash never sends twice), send."""
        async with self._uow() as uow:
            claimed = await uow.notifications.claim_due(self._clock(), self._policy.batch_size)
            ids = [n.recipient_id for n in claimed]
            recipients = await uow.recipients.get_many(ids)
            preferences = await uow.preferences.get_many(ids)
            await uow.commit()
        finished: list[Outcome] = []
        for sending in asyncio.as_completed(
            [
                self._deliver(
                    n,
                    recipients.get(n.recipient_id),
                    preferences.get(n.recipient_id, NO_PREFERENCES),
                )
                for n in claimed
            ]
        ):
            finished.append(await sending)
            # Recorded as they finish, a few at a time: the fewer sends a crash catches
            # unrecorded, the fewer are flagged 'interrupted'.
            if len(finished) >= self._policy.record_every:
                await self._record(finished)
                finished = []
        await self._record(finished)
        return len(claimed)

    async def settle_abandoned(self) -> int:
        """Flag sends cut off mid-way for a person to follow up: never resent, never hidden."""
        cutoff = self._clock() - timedelta(seconds=self._policy.abandoned_after_s)
        async with self._uow() as uow:
            abandoned = await uow.notifications.take_abandoned(cutoff)
            await uow.commit()
        outcomes = [
            self._failed(n, "interrupted", self._provider_name(n.channel or Channel.EMAIL))
            for n in abandoned
        ]
        await self._record(outcomes)
        return len(abandoned)

    async def _deliver(
        self, n: Notification, recipient: Recipient | None, prefs: Preferences
    ) -> Outcome:
        """Checked at send time, against the latest record and preferences, not the plan's."""
        if (reason := why_not(recipient, prefs, n.category)) is not None:
            n.status, n.last_error = Status.CANCELLED, reason
            return Outcome(n, "cancelled", error=reason)
        assert recipient is not None
        channel = choose_channel(recipient, prefs, self._channels_of(n.template))
        n.channel = channel
        address = recipient.address(channel) if channel else None
        if channel is None or address is None:
            return self._failed(n, "no_address", None)
        quiet = self._policy.quiet_hours
        if channel is Channel.SMS and quiet is not None and quiet.contains(self._clock()):
            # Deferred, not attempted: the text waits for the morning and is not counted.
            n.status, n.attempts = Status.PENDING, n.attempts - 1
            n.due_at = quiet.next_allowed(self._clock())
            return Outcome(n, "deferred", error="SMS quiet hours")
        provider = self._provider_name(channel)
        try:
            receipt = await self._send(n, recipient, channel, address)
        except TemplateError as exc:
            return self._failed(n, "template_error", None, str(exc))
        except ProviderError as exc:
            if exc.permanent:
                return self._failed(n, "rejected_by_provider", provider, exc.reason)
            if n.attempts >= self._policy.max_attempts:
                return self._failed(n, "retries_exhausted", provider, exc.reason)
            n.status, n.last_error = Status.PENDING, exc.reason
            n.due_at = self._clock() + self._backoff(n.attempts)
            return Outcome(n, "retry", provider, exc.reason)
        return self._sent(n, receipt)

    async def _send(
        self, n: Notification, recipient: Recipient, channel: Channel, address: str
    ) -> ProviderReceipt:
        context = {**n.data, **personal_context(recipient)}
        reference = str(n.id)
        if channel is Channel.EMAIL:
            email = self._renderer.render_email(n.template, context)
            return await self._email.send_email(
                OutgoingEmail(address, email.subject, email.text, email.html, reference)
            )
        sms = self._renderer.render_sms(n.template, context)
        return await self._sms.send_sms(OutgoingSms(address, sms.body, reference))

    async def _record(self, outcomes: Sequence[Outcome]) -> None:
        """A round's outcomes, attempts and events in one transaction."""
        if not outcomes:
            return
        async with self._uow() as uow:
            await uow.notifications.update([o.notification for o in outcomes])
            await uow.notifications.record_attempts(
                [
                    Attempt(o.notification.id, o.at, o.provider, o.outcome, o.message_id, o.error)
                    for o in outcomes
                ]
            )
            events: list[IntegrationEvent] = [o.event for o in outcomes if o.event is not None]
            await uow.outbox.add_events(events, topic=self._topic)
            await uow.commit()
        for o in outcomes:
            log_outcome(o)

    def _sent(self, n: Notification, receipt: ProviderReceipt) -> Outcome:
        return sent(n, receipt, self._clock())

    def _failed(
        self, n: Notification, reason: FailureReason, provider: str | None, error: str | None = None
    ) -> Outcome:
        return failed(n, reason, provider, self._clock(), error)

    def _channels_of(self, template: str) -> tuple[Channel, ...]:
        """The channels a template is written for (looked up once: files only change on deploy)."""
        if template not in self._channels:
            self._channels[template] = tuple(
                c for c in Channel if self._renderer.versions(template, c.value)
            )
        return self._channels[template]

    def _provider_name(self, channel: Channel) -> str:
        return self._email.name if channel is Channel.EMAIL else self._sms.name

    def _backoff(self, attempts: int) -> timedelta:
        return timedelta(seconds=self._policy.first_backoff_s * 2 ** max(0, attempts - 1))
