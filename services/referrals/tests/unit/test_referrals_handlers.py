"""receive_referral and get_referral, driven through fake repositories and outbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from referrals.adapters.repository import StoredKey
from referrals.domain.commands import ReceiveReferral, ReferrerDetails
from referrals.domain.model import Source
from referrals.events import PersonContact, ReferralReceivedV2, ReferrerContact
from referrals.service_layer import handlers
from referrals.service_layer.policy import KeyTaken
from t2t_shared.topics import Topics

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
CONTACTS, EVENTS = "t2t.referrals.contacts", "t2t.referrals.events"
MakeCommand = Callable[..., ReceiveReferral]


async def receive(cmd: ReceiveReferral, uow: Any, topics: Topics) -> handlers.Received:
    """After the deprecation window: v2 only (the v1 copy: test_referrals_pseudonymous_events)."""
    return await handlers.receive_referral(cmd, uow, topics, clock=lambda: NOW, publish_v1=False)


def someone_else(cmd: ReceiveReferral, name: str) -> ReceiveReferral:
    """The same request for another person: the first is no duplicate of the second."""
    return replace(cmd, person=replace(cmd.person, given_name=name, nhs_number=None))


class TestAReceivedReferral:
    async def test_is_stored_and_committed_once(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        result = await receive(make_command(), uow, topics)

        assert result.created is True
        assert uow.referrals.by_id == {result.referral.id: result.referral}
        assert uow.commits == 1
        assert result.referral.received_at == NOW
        assert result.referral.person.nhs_number == "9434765919"

    async def test_writes_the_contact_before_the_public_event(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        result = await receive(make_command(), uow, topics)

        assert [(topic, type(e)) for topic, e in uow.outbox.events] == [
            (CONTACTS, PersonContact),
            (EVENTS, ReferralReceivedV2),
        ]
        person_contact, received = (e for _, e in uow.outbox.events)
        referral = result.referral
        assert person_contact.subject() == str(referral.person.id)
        assert person_contact.email == "philippa.ramsbottom@example.org"
        assert person_contact.mobile == "+447700900123"
        assert person_contact.preferred_channel == "sms"
        assert person_contact.consent_to_contact is True
        assert received.subject() == str(referral.id)

    async def test_the_public_event_carries_no_personal_data(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        await receive(make_command(), uow, topics)

        (received,) = [e for topic, e in uow.outbox.events if topic == EVENTS]
        data = received.model_dump_json()
        for personal in (
            "Philippa",
            "Ramsbottom",
            "9434765919",
            "1961-04-12",
            "philippa.ramsbottom@example.org",
            "+447700900123",
            "7700900123",
            "LS6 2AB",
            "LS62AB",
            "2AB",
        ):
            assert personal not in data, personal
        assert received.postcode_district == "LS6"
        assert received.age_band == "60-69"
        assert '"postcode_district":"LS6"' in data
        assert '"age_band":"60-69"' in data

    async def test_the_public_event_describes_the_referral(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        result = await receive(make_command(), uow, topics)

        (received,) = [e for topic, e in uow.outbox.events if topic == EVENTS]
        referral = result.referral
        assert referral.referrer is not None
        assert received == ReferralReceivedV2(
            referral_id=referral.id,
            person_id=referral.person.id,
            source="gp",
            area="leeds",
            referrer_id=referral.referrer.id,
            ods_code="B82005",
            consent_to_contact=True,
            preferred_channel="sms",
            postcode_district="LS6",
            age_band="60-69",
            received_at=NOW,
            snomed_code="871731000000106",
        )

    async def test_a_self_referral_writes_no_referrer_contact(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        cmd = make_command(source=Source.SELF, referrer=None)

        result = await receive(cmd, uow, topics)

        assert result.referral.referrer is None
        assert [type(e) for _, e in uow.outbox.events] == [PersonContact, ReferralReceivedV2]
        received = uow.outbox.events[-1][1]
        assert (received.referrer_id, received.ods_code, received.source) == (None, None, "self")

    async def test_topics_follow_the_deployment_prefix(
        self, uow: Any, make_command: MakeCommand
    ) -> None:
        await receive(make_command(), uow, Topics("wy."))

        assert [topic for topic, _ in uow.outbox.events] == [
            "wy.referrals.contacts",
            "wy.referrals.events",
        ]


class TestReferrers:
    async def test_the_practice_name_and_email_come_from_the_register(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        known = replace(uow.referrers.by_ods["B82005"], email="receipts@hydepark.nhs.example")
        uow.referrers.by_ods["B82005"] = known

        result = await receive(make_command(), uow, topics)

        referrer = result.referral.referrer
        assert referrer == known
        assert (referrer.name, referrer.email) == (
            "HYDE PARK SURGERY",
            "receipts@hydepark.nhs.example",
        )
        assert uow.outbox.events[-1][1].referrer_id == known.id
        assert not any(isinstance(e, ReferrerContact) for _, e in uow.outbox.events)

    @pytest.mark.parametrize(
        ("ods_code", "refusal"),
        [
            ("Z99999", handlers.UnknownPractice),  # in no register
            ("B86090", handlers.ClosedPractice),  # ODS status C in the sample register
        ],
    )
    async def test_an_unknown_or_closed_practice_cannot_refer(
        self,
        uow: Any,
        topics: Topics,
        make_command: MakeCommand,
        ods_code: str,
        refusal: type[Exception],
    ) -> None:
        with pytest.raises(refusal):
            await receive(make_command(referrer=ReferrerDetails(ods_code)), uow, topics)

        assert uow.outbox.events == []
        assert uow.referrals.by_id == {}

    async def test_a_practice_known_only_from_old_referrals_is_not_registered(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        uow.referrers.by_ods["B82005"] = replace(uow.referrers.by_ods["B82005"], registered_at=None)

        with pytest.raises(handlers.UnknownPractice):
            await receive(make_command(), uow, topics)

    async def test_a_dormant_practice_may_still_refer(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        result = await receive(make_command(referrer=ReferrerDetails("B86091")), uow, topics)

        assert result.referral.referrer is not None
        assert result.referral.referrer.status.value == "dormant"

    async def test_two_referrals_from_one_practice_share_its_id(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        first = await receive(make_command(), uow, topics)
        second = await receive(someone_else(make_command(), "Bo"), uow, topics)

        assert first.referral.id != second.referral.id
        first_gp, second_gp = first.referral.referrer, second.referral.referrer
        assert first_gp is not None
        assert second_gp is not None
        assert first_gp.id == second_gp.id


class TestIdempotency:
    async def test_same_key_and_body_returns_the_same_referral(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        cmd = make_command(idempotency_key="k-1", request_hash="h-1")
        first = await receive(cmd, uow, topics)
        written = list(uow.outbox.events)

        again = await receive(cmd, uow, topics)

        assert (first.created, again.created) == (True, False)
        assert again.referral.id == first.referral.id
        assert again.referral.reference_code == first.referral.reference_code
        assert uow.outbox.events == written
        assert len(uow.referrals.by_id) == 1
        assert uow.commits == 1

    async def test_same_key_with_another_body_is_refused(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        await receive(make_command(idempotency_key="k-1", request_hash="h-1"), uow, topics)
        written = list(uow.outbox.events)

        with pytest.raises(handlers.IdempotencyKeyReused):
            await receive(make_command(idempotency_key="k-1", request_hash="h-2"), uow, topics)

        assert uow.outbox.events == written
        assert len(uow.referrals.by_id) == 1
        assert uow.commits == 1

    async def test_keys_belong_to_their_caller(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        a = await receive(
            make_command(caller="a", idempotency_key="k-1", request_hash="h"), uow, topics
        )
        b = await receive(
            someone_else(make_command(caller="b", idempotency_key="k-1", request_hash="h"), "Bo"),
            uow,
            topics,
        )

        assert (a.created, b.created) == (True, True)
        assert a.referral.id != b.referral.id

    async def test_without_a_key_every_call_is_a_new_referral(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        first = await receive(make_command(), uow, topics)
        second = await receive(someone_else(make_command(), "Bo"), uow, topics)

        assert first.referral.id != second.referral.id
        assert uow.idempotency.keys == {}
        assert uow.commits == 2
        # Each referral: its person's contact and its event (the practice's is the register's).
        assert len(uow.outbox.events) == 4

    async def test_a_lost_race_on_the_key_returns_the_winners_referral(
        self, uow: Any, topics: Topics, make_command: MakeCommand
    ) -> None:
        winner = await receive(make_command(caller="w"), uow, topics)
        published = list(uow.outbox.events)

        def the_other_request_commits_first() -> None:
            uow.idempotency.keys[("c", "k-1")] = StoredKey("h", winner.referral.id)
            raise KeyTaken("k-1")

        uow.idempotency.on_remember = the_other_request_commits_first
        result = await receive(
            someone_else(make_command(caller="c", idempotency_key="k-1", request_hash="h"), "Bo"),
            uow,
            topics,
        )

        assert result.created is False
        assert result.referral.id == winner.referral.id
        assert uow.outbox.events == published
        assert uow.commits == 1

    @pytest.mark.parametrize("key", [None, "k-2"])
    async def test_an_integrity_error_that_is_not_the_keys_is_not_swallowed(
        self, uow: Any, topics: Topics, make_command: MakeCommand, key: str | None
    ) -> None:
        async def duplicate(_: object) -> None:
            raise IntegrityError("INSERT INTO referrals", {}, Exception("duplicate key"))

        uow.referrals.add = duplicate

        with pytest.raises(IntegrityError):
            await receive(make_command(idempotency_key=key, request_hash="h"), uow, topics)
        assert uow.outbox.events == []
