"""One claimed message: checked at send time, sent, and what became of it decided.

The provider's answer decides: accepted (sent); the recipient refused for good (failed,
a contact that counts); the provider down for everyone (paused, the message waits,
uncounted); the outcome unknown (looked up at the provider before anything is resent, or
flagged for follow-up where it cannot be looked up, never resent).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from notifications.domain.messages import (
    OutcomeUnknown,
    OutgoingEmail,
    OutgoingSms,
    ProviderError,
    ProviderReceipt,
    ProviderUnavailable,
)
from notifications.domain.model import Channel, Notification, Recipient, Status
from notifications.domain.pauses import Pause
from notifications.domain.personal import personal_context
from notifications.domain.preferences import Preferences, choose_channel, why_not
from notifications.domain.rendering import TemplateError
from notifications.domain.staleness import too_late
from notifications.service_layer.breaker import ProviderBreaker, paused_marker
from notifications.service_layer.outcomes import FailureReason, Outcome, failed, sent, wait
from notifications.service_layer.providers import EmailProvider, Renderer, SmsProvider, finder_of
from notifications.service_layer.send_cap import CAPPED, DailyCap

if TYPE_CHECKING:
    from notifications.service_layer.dispatch_policy import DispatchPolicy


class Delivery:
    def __init__(
        self,
        email: EmailProvider,
        sms: SmsProvider,
        renderer: Renderer,
        breaker: ProviderBreaker,
        policy: DispatchPolicy,
        clock: Callable[[], datetime],
    ) -> None:
        self._email, self._sms = email, sms
        self._renderer = renderer
        self._breaker = breaker
        self._policy = policy
        self._clock = clock
        self._channels: dict[str, tuple[Channel, ...]] = {}

    async def deliver(
        self,
        n: Notification,
        recipient: Recipient | None,
        prefs: Preferences,
        pauses: dict[str, Pause],
        cap: DailyCap | None = None,
    ) -> Outcome:
        """Checked at send time, against the latest record and preferences, not the plan's."""
        now = self._clock()
        if reason := why_not(recipient, prefs, n.category) or too_late(n.template, n.data, now):
            n.status, n.last_error = Status.CANCELLED, reason
            return Outcome(n, "cancelled", error=reason)
        assert recipient is not None
        channel = n.channel if n.unresolved_at is not None else None
        channel = channel or choose_channel(recipient, prefs, self._channels_of(n.template))
        n.channel = channel
        address = recipient.address(channel) if channel else None
        if channel is None or address is None:
            return self._failed(n, "no_address", None)
        quiet = self._policy.quiet_hours
        if channel is Channel.SMS and quiet is not None and quiet.contains(now):
            # Deferred, not attempted: the text waits for the morning and is not counted.
            return wait(n, quiet.next_allowed(now), "deferred", "SMS quiet hours")
        provider = self.provider_name(channel)
        pause = pauses.get(provider)
        gate = await self._breaker.gate(provider, pause)
        if not gate.send and gate.expired:
            return self._failed(n, "provider_unavailable", provider, recipient=False)
        if not gate.send:
            assert gate.retry_at is not None
            return wait(n, gate.retry_at, "paused", paused_marker(provider), provider)
        # A look-up of an earlier try is the same message, already counted.
        if cap is not None and n.unresolved_at is None and not cap.take(recipient, channel):
            n.status, n.last_error = Status.CANCELLED, CAPPED
            return Outcome(n, "capped", provider, error=CAPPED)
        try:
            receipt = await self._resolve_or_send(n, recipient, channel, address)
        except TemplateError as exc:
            return self._failed(n, "template_error", None, str(exc), recipient=False)
        except ProviderUnavailable as exc:
            retry_at = await self._breaker.failed(
                provider, channel.value, exc.kind, pause, gate.probe
            )
            if gate.expired:
                return self._failed(
                    n, "provider_unavailable", provider, exc.reason, recipient=False
                )
            return wait(n, retry_at, "paused", paused_marker(provider), provider, exc.reason)
        except OutcomeUnknown as exc:
            return self._unknown(n, channel, provider, exc)
        except ProviderError as exc:
            outcome = self._refused(n, provider, exc)
        else:
            n.unresolved_at = None
            outcome = sent(n, receipt, self._clock())
        if gate.probe or pause is not None:
            # It answered (accepting, or refusing this one recipient): it is back.
            await self._breaker.succeeded(provider, channel.value)
        return outcome

    async def _resolve_or_send(
        self, n: Notification, recipient: Recipient, channel: Channel, address: str
    ) -> ProviderReceipt:
        if n.unresolved_at is not None:
            find = finder_of(self._email if channel is Channel.EMAIL else self._sms)
            if find is not None and (found := await find(str(n.id))) is not None:
                return found
            # Not there after the grace period: it never reached the provider, so it may go
            # again; but not for ever (a provider that hangs up on every send).
            if n.attempts > self._policy.max_attempts:
                raise OutcomeUnknown("no answer to any try, none found", resolvable=False)
        context = {**n.data, **personal_context(recipient)}
        reference = str(n.id)
        if channel is Channel.EMAIL:
            email = self._renderer.render_email(n.template, context)
            return await self._email.send_email(
                OutgoingEmail(address, email.subject, email.text, email.html, reference)
            )
        sms = self._renderer.render_sms(n.template, context)
        return await self._sms.send_sms(OutgoingSms(address, sms.body, reference))

    def _unknown(
        self, n: Notification, channel: Channel, provider: str, exc: OutcomeUnknown
    ) -> Outcome:
        provider_side = self._email if channel is Channel.EMAIL else self._sms
        if exc.resolvable and finder_of(provider_side) is not None:
            # Asked again after the grace period, by our reference, before any resend.
            n.unresolved_at = n.unresolved_at or self._clock()
            due = self._clock() + timedelta(seconds=self._policy.unknown_grace_s)
            return wait(n, due, "unknown: look up", exc.reason, provider, counted=True)
        return self._failed(
            n,
            "outcome_unknown",
            provider,
            exc.reason,
            recipient=False,
            status=Status.OUTCOME_UNKNOWN,
        )

    def _refused(self, n: Notification, provider: str, exc: ProviderError) -> Outcome:
        if exc.permanent:
            mine = getattr(exc, "recipient", True)
            return self._failed(n, "rejected_by_provider", provider, exc.reason, recipient=mine)
        if n.attempts >= self._policy.max_attempts:
            return self._failed(n, "retries_exhausted", provider, exc.reason, recipient=False)
        due = self._clock() + self._backoff(n.attempts)
        return wait(n, due, "retry", exc.reason, provider, counted=True)

    def _failed(
        self,
        n: Notification,
        code: FailureReason,
        provider: str | None,
        error: str | None = None,
        *,
        recipient: bool = True,
        status: Status = Status.FAILED,
    ) -> Outcome:
        return failed(
            n,
            code,
            provider,
            self._clock(),
            error,
            recipient=recipient,
            status=status,
        )

    def _channels_of(self, template: str) -> tuple[Channel, ...]:
        """The channels a template is written for (looked up once: files only change on deploy)."""
        if template not in self._channels:
            self._channels[template] = tuple(
                c for c in Channel if self._renderer.versions(template, c.value)
            )
        return self._channels[template]

    def provider_name(self, channel: Channel) -> str:
        return self._email.name if channel is Channel.EMAIL else self._sms.name

    def _backoff(self, attempts: int) -> timedelta:
        return timedelta(seconds=self._policy.first_backoff_s * 2 ** max(0, attempts - 1))
