import asyncio
import uuid

from notifications.adapters.rate_limit import RateLimiter
from notifications.domain.model import Category, Channel, Recipient
from notifications.domain.preferences import Preferences, choose_channel, why_not

BOTH = (Channel.EMAIL, Channel.SMS)


def recipient(**kw: object) -> Recipient:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "kind": "person",
        "name": "Sam",
        "email": "sam@example.org",
        "mobile": "+447700900123",
        "consent": True,
    }
    return Recipient(**(values | kw))  # type: ignore[arg-type]


def test_why_not_names_the_first_reason() -> None:
    everything = Preferences()
    assert why_not(None, everything, Category.SERVICE) == "no contact record"
    assert why_not(recipient(consent=False), everything, Category.SERVICE) == (
        "no consent to contact"
    )
    no_reminders = Preferences(reminders=False)
    assert why_not(recipient(), no_reminders, Category.REMINDERS) == "opted out of reminders"
    assert why_not(recipient(), no_reminders, Category.SERVICE) is None


def test_the_chosen_channel_beats_the_contact_record_where_possible() -> None:
    texter = recipient(preferred_channel=Channel.SMS)
    assert choose_channel(texter, Preferences(), BOTH) is Channel.SMS
    assert choose_channel(texter, Preferences(channel=Channel.EMAIL), BOTH) is Channel.EMAIL
    # A template without SMS, or no mobile: the other channel rather than nothing.
    assert choose_channel(texter, Preferences(), (Channel.EMAIL,)) is Channel.EMAIL
    assert choose_channel(recipient(mobile=None), Preferences(channel=Channel.SMS), BOTH) is (
        Channel.EMAIL
    )
    assert choose_channel(recipient(email=None), Preferences(), (Channel.EMAIL,)) is None


def test_the_rate_limiter_waits_once_the_burst_is_spent() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(120, burst=2, clock=lambda: now[0], sleep=sleep)

    async def five() -> None:
        for _ in range(5):
            await limiter.acquire()

    asyncio.run(five())
    # Two at once, then one every half second (120 a minute).
    assert slept == [0.5, 0.5, 0.5]
    assert now[0] == 1.5


def test_notify_default_allows_fifty_a_second_in_a_burst() -> None:
    limiter = RateLimiter(3000, clock=lambda: 0.0)

    async def burst() -> int:
        taken = 0
        while limiter._buckets.take("provider") == 0.0:
            taken += 1
        return taken

    assert asyncio.run(burst()) == 50
