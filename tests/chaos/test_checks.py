"""The checker on crafted facts: each violation it exists to catch, and a clean run passing."""

from __future__ import annotations

from t2t_cli.chaos.facts import Facts, Notification, OutboxRow, Placement, Referral
from t2t_cli.chaos.sinks import Accept
from t2t_cli.chaos.topics import TopicRecord
from t2t_cli.chaos.verdict import judge

TOPIC = "t2t.referrals.events"


def clean_facts() -> Facts:
    """Two referrals, acknowledged once each, events in order, one group within capacity."""
    return Facts(
        notifications=[
            Notification("n1", "r1", "referral_acknowledgement", "sent"),
            Notification("n2", "r2", "referral_acknowledgement", "delivered"),
            Notification("n3", "r2", "place_offered", "cancelled", "opted out"),
        ],
        referrals=[Referral("r1", consent=True), Referral("r2", consent=True)],
        capacities={"g1": 1},
        placements=[
            Placement(
                "r1",
                "leeds",
                None,
                received_at=1.0,
                status="offered",
                group_id="g1",
                offered_at=5.0,
            ),
            Placement("r2", "leeds", None, received_at=2.0, status="waiting", waiting_since=6.0),
        ],
        outbox=[
            OutboxRow(1, "e1", TOPIC, "r1", published=True),
            OutboxRow(2, "e2", TOPIC, "r1", published=True),
            OutboxRow(3, "e3", TOPIC, "r2", published=True),
        ],
        accepts=[Accept("smtp", "n1"), Accept("govuk-notify", "n2")],
        records=[
            TopicRecord(TOPIC, 0, 0, "r1", "e1", "t2t.referrals.ReferralReceived.v1"),
            TopicRecord(TOPIC, 0, 1, "r1", "e2", "t2t.referrals.ReferralAccepted.v1"),
            # A relay that died after publishing repeats e1: a redelivery, not disorder.
            TopicRecord(TOPIC, 0, 2, "r1", "e1", "t2t.referrals.ReferralReceived.v1"),
            TopicRecord(TOPIC, 1, 0, "r2", "e3", "t2t.referrals.ReferralReceived.v1"),
        ],
    )


def test_a_clean_run_passes() -> None:
    verdict = judge(clean_facts())

    assert verdict.passed, verdict.violations
    assert verdict.events == 4
    assert verdict.messages_accepted == 2


def test_a_message_accepted_twice_is_a_duplicate() -> None:
    facts = clean_facts()
    facts.accepts.append(Accept("smtp", "n1", ambiguous=False))

    verdict = judge(facts)

    assert verdict.violations == {"duplicated_messages": 1}
    assert verdict.findings["duplicated_messages"].examples[0].startswith("n1 x2")


def test_an_ambiguous_accept_alone_is_listed_but_resent_is_a_duplicate() -> None:
    facts = clean_facts()
    facts.accepts = [Accept("smtp", "n1", ambiguous=True), Accept("govuk-notify", "n2")]
    alone = judge(facts)
    facts.accepts.append(Accept("smtp", "n1"))
    resent = judge(facts)

    assert alone.passed
    assert alone.count("ambiguous_accepts") == 1
    assert resent.violations == {"duplicated_messages": 1}
    assert "(ambiguous)" in resent.findings["duplicated_messages"].examples[0]


def test_a_message_never_accepted_is_lost() -> None:
    facts = clean_facts()
    facts.accepts = [Accept("smtp", "n1")]  # n2 is marked sent but no provider has it

    verdict = judge(facts)

    assert verdict.violations == {"lost_messages": 1}
    assert "n2" in verdict.findings["lost_messages"].examples[0]


def test_an_unknown_outcome_flagged_for_follow_up_is_listed_not_lost() -> None:
    facts = clean_facts()
    facts.notifications += [
        Notification("n20", "r1", "referral_accepted", "failed", "interrupted: sender stopped"),
        Notification("n21", "r1", "place_offered", "outcome_unknown", "SMTP lost after DATA"),
        Notification("n22", "r1", "place_offered", "failed", "GOV.UK Notify 403: AuthError"),
    ]
    facts.accepts.append(Accept("smtp", "n21", ambiguous=True))  # this one did arrive

    verdict = judge(facts)

    assert verdict.violations == {"lost_messages": 1}  # the 403 failure: nothing flagged it
    assert "n22" in verdict.findings["lost_messages"].examples[0]
    flagged = verdict.findings["unresolved_for_follow_up"]
    assert (flagged.count, flagged.examples) == (1, ["referral_accepted n20 (failed)"])


def test_a_consented_referral_never_acknowledged_is_lost() -> None:
    facts = clean_facts()
    facts.referrals.append(Referral("r3", consent=True))
    facts.referrals.append(Referral("r4", consent=False))

    verdict = judge(facts)

    assert verdict.violations == {"lost_messages": 1}
    assert "r3" in verdict.findings["lost_messages"].examples[0]


def test_an_event_published_but_missing_from_its_topic_is_a_gap() -> None:
    facts = clean_facts()
    facts.outbox.append(OutboxRow(4, "e4", TOPIC, "r2", published=True))
    facts.outbox.append(OutboxRow(5, "e5", TOPIC, "r2", published=False))
    facts.outbox.append(OutboxRow(6, "e6", "t2t.referrals.contacts", "p1", True, tombstone=True))

    verdict = judge(facts)

    assert verdict.violations == {"lost_events": 2}


def test_two_events_of_one_key_in_the_wrong_order_are_out_of_order() -> None:
    facts = clean_facts()
    facts.records[0:2] = [
        TopicRecord(TOPIC, 0, 0, "r1", "e2", "t2t.referrals.ReferralAccepted.v1"),
        TopicRecord(TOPIC, 0, 1, "r1", "e1", "t2t.referrals.ReferralReceived.v1"),
    ]
    facts.records.pop(2)

    verdict = judge(facts)

    assert verdict.violations == {"out_of_order": 1}


def test_events_of_different_keys_may_interleave() -> None:
    facts = clean_facts()
    facts.outbox.append(OutboxRow(0, "e0", TOPIC, "r9", published=True))
    facts.records.append(TopicRecord(TOPIC, 0, 3, "r9", "e0", "t"))

    assert judge(facts).passed


def test_more_places_held_than_the_group_has_is_over_capacity() -> None:
    facts = clean_facts()
    facts.placements.append(
        Placement("r3", "york", "online", 3.0, "member", group_id="g1", offered_at=7.0)
    )

    verdict = judge(facts)

    assert verdict.violations == {"over_capacity": 1}


def test_an_offer_that_overtakes_someone_waiting_is_out_of_order() -> None:
    facts = clean_facts()
    facts.capacities["g2"] = 10
    facts.placements.append(
        Placement(
            "r5", "leeds", None, received_at=3.0, status="offered", group_id="g2", offered_at=9.0
        )
    )

    verdict = judge(facts)

    assert verdict.violations == {"waitlist_out_of_order": 1}
    assert "r5 offered before r2" in verdict.findings["waitlist_out_of_order"].examples[0]


def test_a_different_format_preference_is_a_different_queue() -> None:
    facts = clean_facts()
    facts.capacities["g2"] = 10
    facts.placements.append(
        Placement("r5", "leeds", "online", 3.0, "offered", group_id="g2", offered_at=9.0)
    )

    assert judge(facts).passed


def test_a_dead_letter_from_a_database_outage_is_an_infrastructure_dead_letter() -> None:
    facts = clean_facts()
    dlq = "t2t.notifications.dlq"
    facts.records += [
        TopicRecord(
            dlq,
            0,
            0,
            "r1",
            "e1",
            "t",
            error="OperationalError: connection refused",
            consumer="notifications",
        ),
        TopicRecord(
            dlq,
            0,
            1,
            "r2",
            "e3",
            "t",
            error="PermanentHandlerError: unknown group",
            consumer="notifications",
        ),
    ]

    verdict = judge(facts)

    assert verdict.violations == {"infrastructure_dead_letters": 1}
    assert verdict.count("other_dead_letters") == 1
    assert verdict.events == 4  # dead letters are not events


def test_a_referral_closed_by_provider_failures_is_a_violation_unless_its_own() -> None:
    facts = clean_facts()
    facts.referrals.append(Referral("r6", False, closed=True, close_outcome="unreachable"))
    facts.referrals.append(
        Referral("r7", False, closed=True, close_outcome="unreachable", fails_permanently=True)
    )

    verdict = judge(facts)

    assert verdict.violations == {"closed_by_provider_faults": 1}
    assert verdict.findings["closed_by_provider_faults"].examples[0].startswith("r6")


def test_a_run_that_never_healed_fails() -> None:
    verdict = judge(clean_facts(), healed=False)

    assert verdict.violations == {"not_healed": 1}


def test_an_erased_person_back_in_the_directory_is_a_violation() -> None:
    facts = clean_facts()
    facts.outbox.append(OutboxRow(7, "e7", "t2t.referrals.contacts", "p1", True, tombstone=True))
    facts.outbox.append(OutboxRow(8, "e8", "t2t.referrals.contacts", "p2", True, tombstone=True))
    facts.recipients = {"p1", "p9"}

    verdict = judge(facts)

    assert verdict.violations == {"erased_details_back": 1}
    assert "p1" in verdict.findings["erased_details_back"].examples[0]


def test_nothing_is_owed_to_someone_erased() -> None:
    facts = clean_facts()
    facts.outbox.append(OutboxRow(7, "e7", "t2t.referrals.contacts", "p3", True, tombstone=True))
    facts.notifications.append(
        Notification("n9", "r8", "referral_acknowledgement", "pending", recipient_id="p3")
    )
    facts.referrals.append(Referral("r9", consent=True, erased=True))

    assert judge(facts).passed


def test_a_reminder_not_due_yet_is_not_lost_and_causes_are_counted() -> None:
    facts = clean_facts()
    facts.notifications += [
        Notification("n10", "s1", "session_reminder", "pending", scheduled=True),
        Notification("n11", "r1", "referral_accepted", "failed", "GOV.UK Notify 403: AuthError"),
        Notification("n12", "r2", "referral_accepted", "failed", "GOV.UK Notify 403: AuthError"),
    ]

    verdict = judge(facts)

    assert verdict.violations == {"lost_messages": 2}
    assert verdict.findings["lost_messages"].kinds == {"failed: GOV.UK Notify 403": 2}


def test_a_deadlock_or_time_out_is_an_infrastructure_error_a_validation_error_is_not() -> None:
    facts = clean_facts()
    errors = (
        "DBAPIError: (sqlalchemy.dialects.postgresql.asyncpg.Error) deadlock detected",
        "KafkaTimeoutError: Failed to update metadata after 60.0 secs.",
        "ValidationError: referral_id: uuid_parsing",
    )
    dlq = "t2t.groups.dlq"
    facts.records += [
        TopicRecord(dlq, 0, n, "k", f"d{n}", "t", error=error, consumer="groups")
        for n, error in enumerate(errors)
    ]

    verdict = judge(facts)

    assert verdict.count("infrastructure_dead_letters") == 2
    assert verdict.count("other_dead_letters") == 1
