"""Matching: the nearest open group with room, honouring a format preference."""

from __future__ import annotations

from groups.domain.matching import Candidate, best_group
from groups.domain.model import Format, Group, GroupStatus

from .test_groups_model import group


def online(free: int, name: str = "Online evenings") -> Group:
    return group(
        capacity=free,
        format=Format.ONLINE,
        venue=None,
        joining_link="https://meet.example/t2t",
        name=name,
    )


def test_nearest_in_person_group_with_room_wins() -> None:
    far, near, nearest_but_full = group(name="far"), group(name="near"), group(name="full")
    nearest_but_full.offers = 2
    candidates = [Candidate(far, 9.5), Candidate(near, 2.1), Candidate(nearest_but_full, 0.4)]
    chosen = best_group(candidates, None)
    assert chosen is not None
    assert chosen.group is near


def test_without_a_preference_in_person_comes_before_online() -> None:
    distant = group(name="distant")
    chosen = best_group([Candidate(online(5), None), Candidate(distant, 25.0)], None)
    assert chosen is not None
    assert chosen.group is distant
    only_online = best_group([Candidate(online(5), None)], None)
    assert only_online is not None
    assert only_online.group.format is Format.ONLINE


def test_a_preference_for_online_gets_online_only() -> None:
    busy, roomy = online(1, "busy"), online(6, "roomy")
    chosen = best_group(
        [Candidate(group(), 0.5), Candidate(busy, None), Candidate(roomy, None)], Format.ONLINE
    )
    assert chosen is not None
    assert chosen.group is roomy  # online groups fill evenly: most free places first
    assert best_group([Candidate(group(), 0.5)], Format.ONLINE) is None


def test_a_preference_for_in_person_never_gets_online() -> None:
    assert best_group([Candidate(online(5), None)], Format.IN_PERSON) is None


def test_unknown_distances_come_after_known_ones_and_planned_groups_never() -> None:
    unknown, known = group(name="a-unknown"), group(name="z-known")
    planned = group(name="planned", status=GroupStatus.PLANNED)
    chosen = best_group(
        [Candidate(unknown, None), Candidate(known, 30.0), Candidate(planned, 0.1)], None
    )
    assert chosen is not None
    assert chosen.group is known
