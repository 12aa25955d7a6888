"""Paused and resumed providers, and failures needing follow-up, from notifications' events.

`ProviderPaused` and `ProviderResumed` are built here from the fields agreed with
notifications (provider, channel, reason, paused_at, retry_at; resumed_at, paused_for_s).
"""

from __future__ import annotations

from datetime import timedelta

from ops.domain.read_models import ReadModels
from services.ops.tests.synthetic import Catalogue

from .support import NOW, observe


def apply_all(models: ReadModels, records: list) -> None:  # type: ignore[type-arg]
    for event in observe(records):
        models.apply(event)


def test_a_paused_provider_shows_since_when_why_and_the_next_probe() -> None:
    models, catalogue = ReadModels(), Catalogue()
    apply_all(
        models, [catalogue.provider_paused("smtp", channel="email", reason="timeout", at=NOW)]
    )

    [smtp] = models.providers.paused()
    assert (smtp.provider, smtp.channel, smtp.reason) == ("smtp", "email", "timeout")
    assert smtp.since == NOW
    assert smtp.retry_at == NOW + timedelta(minutes=5)


def test_later_reports_of_one_pause_keep_its_start_and_move_the_next_probe() -> None:
    models, catalogue = ReadModels(), Catalogue()
    later = NOW + timedelta(minutes=5)
    apply_all(
        models,
        [
            catalogue.provider_paused(reason="timeout", at=NOW),
            catalogue.provider_paused(reason="server_error", at=later, retry_in=timedelta(10)),
        ],
    )
    [notify] = models.providers.report()
    assert (notify.since, notify.reason, notify.pauses) == (NOW, "server_error", 1)
    assert notify.retry_at == later + timedelta(10)


def test_resuming_ends_the_pause_and_an_older_report_arriving_late_does_not_reopen_it() -> None:
    models, catalogue = ReadModels(), Catalogue()
    resumed_at = NOW + timedelta(minutes=15)
    apply_all(
        models,
        [
            catalogue.provider_paused(at=NOW),
            catalogue.provider_resumed(at=resumed_at, paused_for=timedelta(minutes=15)),
            catalogue.provider_paused(at=NOW + timedelta(minutes=1)),  # late, from before
        ],
    )
    assert models.providers.paused() == []
    [notify] = models.providers.report()
    assert (notify.paused, notify.since, notify.paused_for_s) == (False, resumed_at, 900.0)
    apply_all(models, [catalogue.provider_paused(at=resumed_at + timedelta(hours=1))])
    assert [p.pauses for p in models.providers.paused()] == [2]


def test_paused_providers_come_first_and_records_missing_fields_still_count() -> None:
    models, catalogue = ReadModels(), Catalogue()
    # Deliberately off-contract (an empty payload): the console still counts it.
    bare = Catalogue(checked=False).record(
        "notifications", "ProviderPaused", "sms-file", {}, at=NOW
    )
    apply_all(
        models,
        [
            catalogue.provider_paused("smtp", channel="email", at=NOW),
            catalogue.provider_resumed("smtp", channel="email", at=NOW + timedelta(minutes=1)),
            bare,
        ],
    )
    assert [(p.provider, p.paused) for p in models.providers.report()] == [
        ("sms-file", True),
        ("smtp", False),
    ]
    [sms_file] = models.providers.paused()
    assert (sms_file.since, sms_file.reason, sms_file.retry_at) == (NOW, None, None)


def test_follow_up_counts_waiting_too_long_and_unknown_outcomes_only() -> None:
    models, catalogue = ReadModels(), Catalogue()
    apply_all(
        models,
        [
            catalogue.notification(area="leeds", failed="contact_details_missing"),
            catalogue.notification(area="leeds", channel="sms", failed="contact_details_missing"),
            catalogue.notification(area="york", failed="outcome_unknown"),
            catalogue.notification(area="york", failed="rejected_by_provider"),
        ],
    )
    assert models.notifications.follow_up() == {
        "contact_details_missing": 2,
        "outcome_unknown": 1,
    }
    assert models.notifications.follow_up("york") == {
        "contact_details_missing": 0,
        "outcome_unknown": 1,
    }


def test_follow_up_reads_the_finer_failure_code_under_an_older_reason() -> None:
    # Notifications keeps `reason` a closed set: new kinds come as an older reason + a code.
    models, catalogue = ReadModels(), Catalogue()
    apply_all(
        models,
        [
            catalogue.notification(
                area="leeds", failed="no_address", failure_code="contact_details_missing"
            ),
            catalogue.notification(
                area="leeds", failed="interrupted", failure_code="outcome_unknown"
            ),
            catalogue.notification(area="leeds", failed="no_address"),
        ],
    )
    assert models.notifications.follow_up() == {
        "contact_details_missing": 1,
        "outcome_unknown": 1,
    }
