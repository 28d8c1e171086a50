"""The database side of reassessment: counts, the paired join, the chain of rounds."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import add_participant
from learnloop.frameworks.actions import do_edit_proof_point
from learnloop.learning_sessions.models import Answer
from learnloop.organizations.models import Person
from learnloop.rounds import queries
from learnloop.rounds.tests.conftest import answer, join, make_round, ordered_proof_points


def expected_transitions(before_rows, after_rows, levels):
    """The transition table the slow way: person by person, from the answers."""
    table = np.zeros((levels, levels), dtype=int)
    after = {(person, pp): code for person, pp, code in after_rows}
    for person, pp, code in before_rows:
        other = after.get((person, pp))
        if code and other and 1 <= code <= levels and 1 <= other <= levels:
            table[code - 1, other - 1] += 1
    return table


@pytest.mark.parametrize("seed", range(4))
def test_the_paired_join_equals_pairing_person_by_person(seed, first_round, organization, groups):
    rng = np.random.default_rng(seed)
    later = make_round(first_round)
    people = [Person.objects.create(organization=organization, name=f"P{i}") for i in range(12)]
    points = ordered_proof_points(first_round)
    codes = [None, -1, 0, 1, 2, 3, 4, 5]
    rows = {first_round.pk: [], later.pk: []}
    for session in (first_round, later):
        chosen = [p for p in people if rng.random() < 0.8]  # some answer only one round
        participants = join(session, chosen, [groups["Board"]] * len(chosen))
        table = [[codes[rng.integers(len(codes))] for _ in chosen] for _ in points]
        answer(session, participants, points, table)
        for p, point in enumerate(points):
            for person, code in zip(chosen, table[p], strict=True):
                if code is not None:
                    rows[session.pk].append((person.pk, point.pk, code))
    result = queries.paired_transitions(first_round, later, [(p.pk, p.pk) for p in points], 5)
    for p, point in enumerate(points):
        before = [r for r in rows[first_round.pk] if r[1] == point.pk]
        after = [r for r in rows[later.pk] if r[1] == point.pk]
        np.testing.assert_array_equal(result[p], expected_transitions(before, after, 5))


def test_the_paired_join_follows_a_mapping_to_another_version(first_round, second_round):
    points = ordered_proof_points(first_round)
    # Compare proof point 1.1 of the earlier round with proof point 1.2 of the later one.
    result = queries.paired_transitions(
        first_round, second_round, [(points[0].pk, points[1].pk)], 5
    )
    assert result.shape == (1, 5, 5)
    assert result[0, 0, 0] == 5  # the five who rated 1.1 "not started" all rated 1.2 so
    assert result[0].sum() == 10


def test_anonymous_respondents_are_never_paired(first_round, groups):
    later = make_round(first_round)
    points = ordered_proof_points(first_round)
    anonymous, _ = add_participant(first_round, None, groups["Board"])
    again, _ = add_participant(later, None, groups["Board"])
    answer(first_round, [anonymous], points, [[3]] * 4)
    answer(later, [again], points, [[4]] * 4)
    result = queries.paired_transitions(first_round, later, [(p.pk, p.pk) for p in points], 5)
    assert result.sum() == 0


def test_counts_group_every_round_at_once(first_round, second_round, django_assert_num_queries):
    points = ordered_proof_points(first_round)
    with django_assert_num_queries(1):
        counts = queries.counts_by_round([first_round, second_round], 5)
    assert counts[(first_round.pk, points[0].pk)].tolist() == [0, 5, 5, 0, 0, 0]
    assert counts[(second_round.pk, points[1].pk)].tolist() == [0, 10, 0, 0, 0, 0]


def test_dont_know_and_other_answers_count_as_code_zero_and_comments_alone_not_at_all(
    first_round, second_round
):
    participant = second_round.participants.first()
    point = ordered_proof_points(second_round)[0]
    Answer.objects.filter(participant=participant, proof_point=point).update(code=-1)
    other = second_round.participants.last()
    Answer.objects.filter(participant=other, proof_point=point).update(code=None, comment="Why?")
    counts = queries.counts_by_round([second_round], 5)
    assert counts[(second_round.pk, point.pk)][0] == 1
    assert counts[(second_round.pk, point.pk)].sum() == 9


def test_the_chain_never_leaves_the_organization(first_round, second_round, other_organization):
    from conftest import make_framework

    foreign_framework = make_framework(other_organization)
    foreign = make_round(None, organization=other_organization, framework=foreign_framework)
    first_round.previous_round = foreign  # should never happen; the chain must stop anyway
    first_round.save(update_fields=["previous_round"])
    assert queries.round_chain(second_round) == [first_round, second_round]


def test_a_newer_version_is_matched_by_keys_until_someone_reviews_it(first_round):
    points = ordered_proof_points(first_round)
    edited = do_edit_proof_point(points[0], text="Reworded", guidance="")
    newer = edited.module.framework
    found = queries.mappings_between(first_round.organization_id, [(first_round.framework, newer)])[
        (first_round.framework_id, newer.pk)
    ]
    assert not found.reviewed
    assert found.links[edited.pk] == points[0].pk
    assert len(found.links) == 4


def test_participant_choices_keep_groups_and_matching_modules(first_round):
    module = first_round.modules.get(key="module-1")
    choices, left_out = queries.participant_choices(first_round, [module])
    assert len(choices) == 10
    assert left_out == 0
    assert all(choice.modules == [module] for choice in choices)
