"""A member moved between groups: both groups' free places, from the move's fill figures.

The records are shaped as groups' `MemberMoved` v1 carries them: the destination's `members`
and `capacity` and the group left's `from_members` and `from_capacity`, all after the move.
Older moves carry none of the four and leave both groups as they were.
"""

from __future__ import annotations

from ops.domain.projection_batch import ProjectionBatch, keys_of
from ops.domain.read_models import ReadModels
from services.ops.tests.synthetic import Catalogue, new_id
from t2t_shared.envelope import EventRecord

from .support import observe


def two_full_groups(catalogue: Catalogue) -> tuple[list[EventRecord], str, str]:
    """Two groups of 10 in Leeds: one with 9 members, one full."""
    left = catalogue.group(area="leeds", capacity=10, members=9)
    into = catalogue.group(area="leeds", capacity=10, members=10)
    return [*left, *into], left[0].key, into[0].key


def test_a_move_frees_a_place_in_the_group_left_and_takes_one_in_the_other() -> None:
    catalogue = Catalogue()
    groups, left, into = two_full_groups(catalogue)
    # The full group loses a member to the other: 9 → 10 there, 10 → 9 here.
    move = catalogue.moved(
        new_id(), area="leeds", from_group=(into, 9, 10), to_group=(left, 10, 10)
    )
    models = ReadModels()
    for event in observe([*groups, move]):
        models.apply(event)
    [leeds] = models.capacity.report("leeds")
    assert leeds.free_places == 1
    assert models.capacity.groups[into].free_places == 1
    assert models.capacity.groups[left].free_places == 0


def test_the_durable_batch_loads_and_changes_both_groups() -> None:
    catalogue = Catalogue()
    groups, left, into = two_full_groups(catalogue)
    move = catalogue.moved(
        new_id(), area="leeds", from_group=(left, 8, 10), to_group=(into, 11, 12)
    )
    [moved] = observe([move])
    assert keys_of([moved]).groups == {left, into}
    batch = ProjectionBatch()
    batch.apply(observe(groups))
    batch.apply([moved])
    assert (batch.groups[left].free_places, batch.groups[left].capacity) == (2, 10)
    assert (batch.groups[into].free_places, batch.groups[into].capacity) == (1, 12)


def test_a_move_without_fill_figures_leaves_both_groups_as_they_were() -> None:
    catalogue = Catalogue()
    groups, left, into = two_full_groups(catalogue)
    old = catalogue.moved(
        new_id(), area="leeds", from_group=(left, 8, 10), to_group=(into, 11, 12), figures=False
    )
    batch = ProjectionBatch()
    batch.apply(observe(groups))
    before = {k: (g.free_places, g.capacity) for k, g in batch.groups.items()}
    batch.apply(observe([old]))
    assert {k: (g.free_places, g.capacity) for k, g in batch.groups.items()} == before
    assert before[left] == (1, 10)
