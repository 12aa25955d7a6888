"""A send rate per provider: GOV.UK Notify allows 3,000 messages a minute per service."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from notifications.domain.messages import OutgoingEmail, OutgoingSms, ProviderReceipt
from notifications.service_layer.providers import EmailProvider, SmsProvider
from t2t_shared.http.ratelimit import TokenBuckets


class RateLimiter:
    """Waits for a token before each send; shared by every provider on one account.

    Per process: N replicas send up to N times the rate, so set the rate per replica.
    """

    def __init__(
        self,
        per_minute: float,
        *,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.per_minute = per_minute
        # A second's worth at once: smooth enough for the provider, no idle waiting.
        self._buckets = TokenBuckets(per_minute, burst or max(1, int(per_minute // 60)), clock)
        self._sleep = sleep
        self.waited_s = 0.0

    async def acquire(self) -> None:
        while (wait := self._buckets.take("provider")) > 0:
            self.waited_s += wait
            await self._sleep(wait)


class RateLimitedEmail:
    def __init__(self, provider: EmailProvider, limiter: RateLimiter) -> None:
        self.provider, self.limiter, self.name = provider, limiter, provider.name

    async def send_email(self, message: OutgoingEmail) -> ProviderReceipt:
        await self.limiter.acquire()
        return await self.provider.send_email(message)

    async def close(self) -> None:
        close = getattr(self.provider, "close", None)
        if close is not None:
            await close()


class RateLimitedSms:
    def __init__(self, provider: SmsProvider, limiter: RateLimiter) -> None:
        self.provider, self.limiter, self.name = provider, limiter, provider.name

    async def send_sms(self, message: OutgoingSms) -> ProviderReceipt:
        await self.limiter.acquire()
        return await self.provider.send_sms(message)

    async def close(self) -> None:
        close = getattr(self.provider, "close", None)
        if close is not None:
            await close()
