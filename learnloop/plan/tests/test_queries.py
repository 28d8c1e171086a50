"""The plan's queries other apps read: open actions of a session's rounds, and the actions
addressing each proof point."""

from conftest import make_framework
from learnloop.learning_sessions.models import LearningSession
from learnloop.plan.models import ActionStatus
from learnloop.plan.queries import actions_by_proof_point, open_actions_for_rounds, round_ids
from learnloop.plan.tests.conftest import days_from_today, make_action, make_round


def test_round_ids_follow_the_previous_round_chain_newest_first(learning_session):
    second = make_round(learning_session, "Second")
    third = make_round(second, "Third")
    assert round_ids(third) == [third.pk, second.pk, learning_session.pk]
    assert round_ids(learning_session) == [learning_session.pk]


def test_round_ids_end_on_a_loop_in_the_chain(learning_session):
    second = make_round(learning_session, "Second")
    LearningSession.objects.filter(pk=learning_session.pk).update(previous_round=second)
    assert round_ids(second) == [second.pk, learning_session.pk]


def test_open_actions_for_rounds_carries_open_actions_of_earlier_rounds(learning_session):
    planned = make_action(learning_session, "Planned", status=ActionStatus.PLANNED)
    going = make_action(learning_session, "Going", status=ActionStatus.IN_PROGRESS)
    make_action(learning_session, "Done", status=ActionStatus.DONE)
    make_action(learning_session, "Dropped", status=ActionStatus.DROPPED)
    second = make_round(learning_session)
    own = make_action(second, "Own", status=ActionStatus.PLANNED)
    assert set(open_actions_for_rounds(second)) == {planned, going, own}
    assert set(open_actions_for_rounds(learning_session)) == {planned, going}


def test_open_actions_for_rounds_leaves_out_later_rounds_and_unrelated_sessions(
    learning_session,
):
    second = make_round(learning_session)
    make_action(second, "Later round")
    unrelated = make_round(learning_session, "A sibling round")
    make_action(unrelated, "Sibling")
    mine = make_action(learning_session, "Mine")
    assert list(open_actions_for_rounds(learning_session)) == [mine]


def test_open_actions_for_rounds_never_crosses_organizations(learning_session, other_organization):
    framework = make_framework(other_organization, key="theirs")
    theirs = LearningSession.objects.create(
        organization=other_organization,
        title="Theirs",
        framework=framework,
        scale=framework.default_scale,
    )
    make_action(theirs, "Their action")
    # A tampered chain pointing into another organization is not followed.
    LearningSession.objects.filter(pk=learning_session.pk).update(previous_round=theirs)
    learning_session.refresh_from_db()
    assert list(open_actions_for_rounds(learning_session)) == []


def test_open_actions_for_rounds_sorts_by_due_date_with_undated_last(learning_session):
    undated = make_action(learning_session, "Undated")
    later = make_action(learning_session, "Later", due_on=days_from_today(20))
    sooner = make_action(learning_session, "Sooner", due_on=days_from_today(-2))
    assert list(open_actions_for_rounds(learning_session)) == [sooner, later, undated]


def test_open_actions_for_rounds_costs_two_queries(learning_session, django_assert_num_queries):
    second = make_round(learning_session)
    for i in range(5):
        make_action(learning_session, f"Action {i}")
    with django_assert_num_queries(2):
        actions = list(open_actions_for_rounds(second))
        titles = [(a.session.title, a.owner, a.problem) for a in actions]
    assert len(titles) == 5


def test_actions_by_proof_point_lists_every_action_under_each_of_its_proof_points(
    learning_session, proof_points, people
):
    first = make_action(
        learning_session,
        "First",
        owner=people[0],
        due_on=days_from_today(1),
        proof_points=proof_points[:2],
    )
    second = make_action(
        learning_session,
        "Second",
        status=ActionStatus.DONE,
        due_on=days_from_today(5),
        proof_points=[proof_points[1]],
    )
    make_action(learning_session, "Addresses none")
    result = actions_by_proof_point([learning_session])
    assert result == {proof_points[0].pk: [first], proof_points[1].pk: [first, second]}
    assert result[proof_points[1].pk][1].status == ActionStatus.DONE
    assert result[proof_points[0].pk][0] is result[proof_points[1].pk][0]


def test_actions_by_proof_point_reads_only_the_given_sessions(learning_session, proof_points):
    second = make_round(learning_session)
    mine = make_action(learning_session, "Mine", proof_points=[proof_points[0]])
    make_action(second, "Next round's", proof_points=[proof_points[0]])
    assert actions_by_proof_point([learning_session]) == {proof_points[0].pk: [mine]}
    assert actions_by_proof_point([]) == {}


def test_actions_by_proof_point_costs_one_query(
    learning_session, proof_points, people, django_assert_num_queries
):
    second = make_round(learning_session)
    for i in range(6):
        session = learning_session if i % 2 else second
        make_action(session, f"Action {i}", owner=people[i], proof_points=proof_points[:3])
    with django_assert_num_queries(1):
        result = actions_by_proof_point([learning_session, second])
        owners = {a.owner.name for actions in result.values() for a in actions}
        sessions = {a.session.title for actions in result.values() for a in actions}
    assert len(owners) == 6
    assert sessions == {learning_session.title, second.title}
