"""Notify providers against a local HTTP server that plays GOV.UK Notify."""

import asyncio
import socket
import uuid
from typing import Any

import pytest

from notifications.adapters.govuk_notify import NotifyEmailProvider, NotifySmsProvider
from notifications.domain.messages import (
    OutcomeUnknown,
    OutgoingEmail,
    OutgoingSms,
    PermanentProviderError,
    ProviderUnavailable,
)
from notifications.service_layer.providers import EmailProvider, SmsProvider

from .fake_notify import (
    API_KEY,
    BAD_NUMBER_TEMPLATE,
    EMAIL_TEMPLATE,
    FAILING,
    GARBLED_TEMPLATE,
    NUMBER,
    SERVICE_ID,
    SLOW_TEMPLATE,
    SMS_TEMPLATE,
    FakeNotify,
    notify_url,
)

__all__ = ["notify_url"]  # the fixture, used by name


def sms_provider(url: str, template_id: str = SMS_TEMPLATE, **kwargs: Any) -> NotifySmsProvider:
    return NotifySmsProvider(kwargs.pop("api_key", API_KEY), template_id, url, **kwargs)


def sms(to: str = NUMBER) -> OutgoingSms:
    return OutgoingSms(
        to=to, body="Hello Sam, your reference is T2T-4F7K2Q.", reference=str(uuid.uuid4())
    )


async def test_sms_is_sent_with_body_personalisation(notify_url: str) -> None:
    provider = sms_provider(notify_url)
    assert isinstance(provider, SmsProvider)
    message = sms()

    receipt = await provider.send_sms(message)

    assert receipt.provider == "govuk-notify"
    assert receipt.provider_message_id is not None
    uuid.UUID(receipt.provider_message_id)
    assert FakeNotify.received[-1] == {
        "notify_id": receipt.provider_message_id,
        "channel": "sms",
        "phone_number": NUMBER,
        "template_id": SMS_TEMPLATE,
        "personalisation": {"body": message.body},
        "reference": message.reference,
    }


async def test_email_is_sent_with_subject_and_body(notify_url: str) -> None:
    provider = NotifyEmailProvider(API_KEY, EMAIL_TEMPLATE, notify_url)
    assert isinstance(provider, EmailProvider)
    message = OutgoingEmail("sam@example.org", "Subject", "Text part", "<p>HTML</p>", "ref-1")

    receipt = await provider.send_email(message)

    assert receipt.provider_message_id
    assert FakeNotify.received[-1] == {
        "notify_id": receipt.provider_message_id,
        "channel": "email",
        "email_address": "sam@example.org",
        "template_id": EMAIL_TEMPLATE,
        "personalisation": {"subject": "Subject", "body": "Text part"},
        "reference": "ref-1",
    }


async def test_concurrent_sends_each_get_their_own_id(notify_url: str) -> None:
    provider = sms_provider(notify_url)
    receipts = await asyncio.gather(*(provider.send_sms(sms()) for _ in range(12)))
    assert len({r.provider_message_id for r in receipts}) == 12


@pytest.mark.parametrize(
    ("status", "error", "reason"),
    [
        (400, PermanentProviderError, "GOV.UK Notify 400: ValidationError"),
        (429, ProviderUnavailable, "GOV.UK Notify 429: ValidationError"),
        (500, ProviderUnavailable, "GOV.UK Notify 500: ValidationError"),
    ],
)
async def test_error_statuses_map_to_retry_policy(
    notify_url: str, status: int, error: type[Exception], reason: str
) -> None:
    template_id = next(t for t, s in FAILING.items() if s == status)
    with pytest.raises(error) as caught:
        await sms_provider(notify_url, template_id).send_sms(sms())
    assert str(caught.value) == reason
    assert NUMBER not in str(caught.value)
    assert caught.value.__suppress_context__


async def test_a_refused_number_is_the_recipients_and_anything_else_400_is_ours(
    notify_url: str,
) -> None:
    with pytest.raises(PermanentProviderError) as number:
        await sms_provider(notify_url, BAD_NUMBER_TEMPLATE).send_sms(sms())
    assert number.value.recipient
    template_id = next(t for t, s in FAILING.items() if s == 400)
    with pytest.raises(PermanentProviderError) as ours:
        await sms_provider(notify_url, template_id).send_sms(sms())
    assert not ours.value.recipient


async def test_a_rejected_key_pauses_the_provider_rather_than_failing_the_person(
    notify_url: str,
) -> None:
    wrong_key = f"t2t_test-{SERVICE_ID}-{uuid.uuid4()}"
    with pytest.raises(ProviderUnavailable, match="403: AuthError") as caught:
        await sms_provider(notify_url, api_key=wrong_key).send_sms(sms())
    assert caught.value.kind == "authentication"
    assert not caught.value.permanent


async def test_a_read_timeout_is_an_unknown_outcome_found_by_its_reference(
    notify_url: str,
) -> None:
    provider = sms_provider(notify_url, SLOW_TEMPLATE, timeout=0.1)
    message = sms()
    with pytest.raises(OutcomeUnknown, match="did not answer") as caught:
        await provider.send_sms(message)
    assert caught.value.resolvable
    found = await sms_provider(notify_url).find(message.reference)
    assert found is not None
    [request] = [r for r in FakeNotify.received if r["reference"] == message.reference]
    assert found.provider_message_id == request["notify_id"]
    assert await sms_provider(notify_url).find(str(uuid.uuid4())) is None


async def test_a_refused_connection_pauses() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(ProviderUnavailable, match="refused the connection") as caught:
        await sms_provider(closed).send_sms(sms())
    assert caught.value.kind == "connection_refused"


def test_malformed_key_is_refused_without_quoting_it() -> None:
    with pytest.raises(ValueError, match="key_name") as caught:
        NotifySmsProvider("not-a-real-key-secret123", SMS_TEMPLATE)
    assert "secret123" not in str(caught.value)


async def test_accepted_but_unreadable_answer_is_not_retried(notify_url: str) -> None:
    # Notify took the message; raising would make us retry and text the person twice.
    receipt = await sms_provider(notify_url, GARBLED_TEMPLATE).send_sms(sms())
    assert receipt.provider_message_id is None


async def test_the_dispatcher_gives_notify_a_reference_free_of_personal_data(
    notify_url: str, infra: Any
) -> None:
    from notifications.adapters.rate_limit import RateLimitedSms, RateLimiter
    from notifications.domain.model import Channel, Status

    from .stored import Clock, fetch, pending, person, store, stored_container

    notify = RateLimitedSms(sms_provider(notify_url), RateLimiter(3000))
    async with stored_container(infra, sms=notify, clock=Clock()) as c:
        sam = person(preferred_channel=Channel.SMS, mobile=NUMBER)
        note = pending(sam, c.clock())
        await store(c, [sam], note)
        await c.dispatcher.dispatch_due()

        sent, attempts = await fetch(c, note.id)
        assert sent.status is Status.SENT
        [request] = [r for r in FakeNotify.received if r["reference"] == str(note.id)]
        assert request["phone_number"] == NUMBER
        assert "Sam" in request["personalisation"]["body"]
        assert "waiting list" in request["personalisation"]["body"]
        assert uuid.UUID(request["reference"]) == note.id  # an id, nothing about Sam
        assert attempts[0]["provider"] == "govuk-notify"
        assert attempts[0]["provider_message_id"]
