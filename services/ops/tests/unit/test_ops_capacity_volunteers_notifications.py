"""Capacity, volunteer stages and notification outcomes from their catalogue events."""

from __future__ import annotations

from ops.domain.read_models import ReadModels
from services.ops.tests.synthetic import Catalogue, new_id

from .support import NOW, observe


def apply_all(models: ReadModels, records: list) -> None:  # type: ignore[type-arg]
    for event in observe(records):
        models.apply(event)


def test_capacity_counts_open_and_full_groups_free_places_and_the_waiting_list() -> None:
    models, catalogue = ReadModels(), Catalogue()
    apply_all(models, catalogue.group(area="leeds", capacity=12, members=5))
    apply_all(models, catalogue.group(area="leeds", capacity=8, members=8))
    apply_all(models, catalogue.group(area="york", capacity=10, members=0))
    waiting = [catalogue.waitlisted(area="leeds") for _ in range(3)]
    apply_all(models, waiting)
    # A place offered to a waiting person takes them off the list.
    offered = catalogue.example(
        "groups",
        "PlaceOffered",
        waiting[0].key,
        {"referral_id": waiting[0].key, "area": "leeds", "group_id": new_id()},
        at=NOW,
    )
    # So does a placement cancelled because the referral was closed.
    cancelled = catalogue.example(
        "groups",
        "PlacementCancelled",
        waiting[1].key,
        {"referral_id": waiting[1].key, "area": "leeds", "group_id": None, "was": "waiting"},
        at=NOW,
    )
    apply_all(models, [offered, cancelled])
    leeds, york = models.capacity.report()
    assert (leeds.area, leeds.groups_open, leeds.groups_full, leeds.free_places) == (
        "leeds",
        1,
        1,
        12 - 5,
    )
    assert leeds.waiting == 1
    assert (york.groups_open, york.free_places, york.waiting) == (1, 10, 0)
    assert models.capacity.report("york") == [york]


def test_member_joined_updates_free_places_from_members_and_capacity() -> None:
    models, catalogue = ReadModels(), Catalogue()
    created = catalogue.group(area="leeds", capacity=3, members=0)
    apply_all(models, created)
    rid = new_id()
    joined = catalogue.example(
        "groups",
        "MemberJoined",
        rid,
        {
            "referral_id": rid,
            "area": "leeds",
            "group_id": created[0].key,
            "members": 3,
            "capacity": 3,
        },
        at=NOW,
    )
    apply_all(models, [joined])
    (leeds,) = models.capacity.report()
    assert (leeds.groups_open, leeds.groups_full, leeds.free_places) == (0, 1, 0)


def test_volunteers_by_furthest_stage_and_leavers_by_reason() -> None:
    models, catalogue = ReadModels(), Catalogue()
    plan = [
        ("applied", None),
        ("screened", None),
        ("trained", "moved"),
        ("active", None),
        ("active", None),
        ("applied", "did_not_start"),
    ]
    for reach, left in plan:
        apply_all(models, catalogue.volunteer(area="leeds", reach=reach, left=left))
    apply_all(models, catalogue.volunteer(area="york", reach="trained"))
    order = ("applied", "screened", "trained", "active")
    report = models.volunteers.report("leeds")
    assert report.stages == {
        stage: sum(1 for r, _ in plan if order.index(r) >= order.index(stage)) for stage in order
    }
    assert report.leavers == {"did_not_start": 1, "moved": 1}
    assert models.volunteers.report().stages["applied"] == len(plan) + 1


def test_notifications_by_channel_and_failure_reason() -> None:
    models, catalogue = ReadModels(), Catalogue()
    records = [
        catalogue.notification(area="leeds", channel="email"),
        catalogue.notification(area="leeds", channel="email"),
        catalogue.notification(area="leeds", channel="sms"),
        catalogue.notification(area="york", channel="sms", failed="rejected_by_provider"),
        catalogue.notification(area="leeds", channel="sms", failed="no_address"),
    ]
    apply_all(models, records)
    email, sms = models.notifications.report()
    assert (email.channel, email.sent, email.failed) == ("email", 2, 0)
    assert (sms.channel, sms.sent, sms.failed) == ("sms", 1, 2)
    assert sms.failed_by_reason == {"no_address": 1, "rejected_by_provider": 1}
    (york_sms,) = models.notifications.report("york")
    assert (york_sms.sent, york_sms.failed) == (0, 1)
