"""The rest of the demo's cycle: the discussion of the closed session, its improvement plan, the
second round and its comparison, and the discussion of the second round.

The demo is loaded once for this module (the `demo` fixture in conftest.py; these tests only
read) and deleted afterwards.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learnloop.accounts.models import User
from learnloop.demo import content, cycle
from learnloop.demo.actions import cycle_pages
from learnloop.discussions.models import Cause, Discussion, Note, Problem, Vote, Why
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Answer, LearningSession, Participant, State
from learnloop.plan.models import Action, ActionReview, ActionStatus, ProgressNote
from learnloop.plan.queries import session_plan
from learnloop.rounds.access import access_rounds, earlier_round
from learnloop.rounds.comparison import comparison_page

pytestmark = pytest.mark.django_db


def first_round() -> LearningSession:
    return LearningSession.objects.get(title=content.CLOSED_SESSION.title)


def second_round() -> LearningSession:
    return LearningSession.objects.get(title=cycle.SECOND_ROUND.title)


def first_discussion() -> Discussion:
    return Discussion.objects.get(title=cycle.FIRST_DISCUSSION.title)


def second_discussion() -> Discussion:
    return Discussion.objects.get(title=cycle.SECOND_DISCUSSION.title)


def admin_client() -> Client:
    client = Client()
    assert client.login(email=content.ADMIN_EMAIL, password=content.DEMO_PASSWORD)
    return client


def test_the_second_round_repeats_the_first_with_the_same_people_and_modules(demo):
    first, second = first_round(), second_round()
    assert second.previous_round_id == first.pk
    assert second.state == State.CLOSED
    assert second.framework_id == first.framework_id
    assert set(second.modules.values_list("key", flat=True)) == set(content.CLOSED_SESSION.modules)
    assert second.anonymity == first.anonymity
    people = set(first.participants.values_list("person__name", "group__name"))
    assert set(second.participants.values_list("person__name", "group__name")) == people
    answered = set(second.answers.values_list("participant__person__name", flat=True))
    assert answered == {name for name, _group in people} - cycle.SECOND_ROUND.left
    proof_points = sum(m.proof_points.count() for m in second.modules.all())
    assert second.answers.count() == len(answered) * proof_points
    assert second.participants.filter(submitted_at__isnull=False).count() == len(answered) - len(
        cycle.SECOND_ROUND.not_submitted
    )


def test_the_second_round_has_its_own_comments_written_for_it(demo):
    first = set(
        Answer.objects.filter(session=first_round())
        .exclude(comment="")
        .values_list("comment", flat=True)
    )
    second = list(
        Answer.objects.filter(session=second_round())
        .exclude(comment="")
        .values_list("comment", flat=True)
    )
    assert len(second) >= 60
    assert len(set(second)) == len(second)
    assert not set(second) & first
    assert any("one-page" in comment for comment in second)


def test_the_round_comparison_shows_significant_improvements_where_actions_were_done(demo):
    admin = User.objects.get(email=content.ADMIN_EMAIL)
    rounds = access_rounds(admin, content.ORGANIZATION_SLUG, second_round().pk)
    page = comparison_page(rounds, earlier_round(rounds, None))
    assert page["design"] == "paired"
    summary = page["summary"]
    assert summary["improved"] >= 1
    assert summary["not_significant"] > len(page["proof_points"]) / 2  # most steady
    improved = [row for row in page["proof_points"] if row["change"]["verdict"] == "improved"]
    # Significant improvements come first, and each was addressed by an action that was done.
    assert page["proof_points"][: len(improved)] == improved
    for row in improved:
        assert "done" in {action["status"] for action in row["actions"]}, row["text"]
    declined = [row for row in page["proof_points"] if row["change"]["share_met_change"] < 0]
    assert declined
    # What docs/demo.md says a newcomer will see.
    verdicts = {row["text"]: row["change"]["verdict"] for row in page["proof_points"]}
    texts = dict(
        ProofPoint.objects.filter(module__framework=second_round().framework).values_list(
            "key", "text"
        )
    )
    for key in ("decisions-explained", "staff-can-explain", "monthly-reports"):
        assert verdicts[texts[key]] == "improved", key
    assert verdicts[texts["workload-acted-on"]] == "declined"


def test_the_discussion_of_the_first_round_has_votes_problems_and_notes(demo):
    discussion = first_discussion()
    plan = cycle.FIRST_DISCUSSION
    assert discussion.session == first_round()
    assert discussion.facilitator.email == content.ADMIN_EMAIL
    assert discussion.participants.count() == len(plan.room) == 8
    assert discussion.held_on == timezone.localdate() + datetime.timedelta(days=plan.held)
    assert not discussion.voting_open
    agenda = discussion.agenda.all()
    assert agenda.exclude(draft_key="").count() >= 10  # drafted
    assert agenda.filter(draft_key="").count() == len(plan.added)  # added by the facilitator
    votes = Vote.objects.filter(discussion=discussion)
    assert votes.count() == 3 * 8
    assert votes.values("participant").distinct().count() == 8
    assert votes.values("proof_point").distinct().count() >= 5
    problems = list(Problem.objects.filter(discussion=discussion))
    assert [p.title for p in problems] == [p.title for p in plan.problems]
    for problem in problems:
        assert 3 <= Why.objects.filter(problem=problem).count() <= 5
        causes = Cause.objects.filter(problem=problem)
        assert 4 <= causes.count() <= 7
        assert causes.values("category").distinct().count() >= 4
        assert problem.proof_points.count() >= 2
    notes = Note.objects.filter(discussion=discussion)
    assert notes.filter(kind="decision").count() >= 2
    assert notes.filter(kind="note").count() >= 2


def test_the_most_voted_proof_points_became_the_problems(demo):
    discussion = first_discussion()
    counts: dict[int, int] = {}
    for proof_point in Vote.objects.filter(discussion=discussion).values_list(
        "proof_point", flat=True
    ):
        counts[proof_point] = counts.get(proof_point, 0) + 1
    top_two = sorted(counts, key=lambda pk: -counts[pk])[:2]
    chosen = Problem.objects.filter(discussion=discussion).values_list("proof_points", flat=True)
    assert set(top_two) <= set(chosen)


def test_the_improvement_plan_has_actions_in_every_status_with_owners_and_progress(demo):
    actions = Action.objects.filter(organization=demo)
    assert 5 <= actions.count() <= 7
    assert set(actions.values_list("status", flat=True)) == set(ActionStatus.values)
    assert sum(action.is_overdue for action in actions) == 1
    today = timezone.localdate()
    assert actions.filter(due_on__lt=today).exists()
    assert actions.filter(due_on__gt=today).exists()
    problems = set(
        Problem.objects.filter(discussion=first_discussion()).values_list("pk", flat=True)
    )
    for action in actions.select_related("owner"):
        assert action.session == first_round()
        assert action.problem_id in problems
        assert action.owner.organization_id == demo.pk
        assert action.proof_points.exists()
        assert ProgressNote.objects.filter(action=action).exists(), action.title


def test_the_discussion_of_the_second_round_reviews_the_actions_still_open(demo):
    discussion = second_discussion()
    assert discussion.session == second_round()
    assert discussion.facilitator.email == content.FACILITATOR_EMAIL
    reviews = ActionReview.objects.filter(discussion=discussion).select_related("action")
    assert {review.action.title for review in reviews} == {r.action for r in cycle.REVIEWS}
    still_open = [a.title for a in cycle.ACTIONS if a.progress[-1][1] not in ("done", "dropped")]
    assert sorted(review.action.title for review in reviews) == sorted(still_open)
    assert discussion.agenda.filter(section="action_review").exists()
    assert Note.objects.filter(discussion=discussion, kind="decision").exists()
    # The round's plan carries the actions still open after the review.
    carried = session_plan(second_round()).carried_over
    assert carried
    assert all(action.session == first_round() and action.is_open for action in carried)


def test_the_printed_pages_open_for_the_administrator(demo):
    pages = cycle_pages(demo)
    client = admin_client()
    discussion = client.get(pages.discussion)
    assert discussion.status_code == 200
    assert cycle.FIRST_DISCUSSION.problems[0].title in discussion.text
    plan = client.get(pages.plan)
    assert plan.status_code == 200
    assert cycle.BUDGET_REPORT in plan.text
    comparison = client.get(pages.comparison)
    assert comparison.status_code == 200
    assert content.CLOSED_SESSION.title in comparison.text
    record = client.get(
        reverse(
            "discussions-download-markdown",
            kwargs={
                "slug": demo.slug,
                "session_id": first_round().pk,
                "discussion_id": first_discussion().pk,
            },
        )
    )
    assert record.status_code == 200
    assert "Five whys" in record.text


def test_nothing_in_the_cycle_points_outside_the_demo_organization(demo):
    sessions = set(LearningSession.objects.filter(organization=demo).values_list("pk", flat=True))
    discussions = Discussion.objects.filter(session__organization=demo)
    assert set(discussions.values_list("session", flat=True)) <= sessions
    people = set(demo.people.values_list("pk", flat=True))
    for discussion in discussions:
        assert set(discussion.participants.values_list("person", flat=True)) <= people
    frameworks = set(demo.frameworks.values_list("pk", flat=True))
    voted = Vote.objects.filter(discussion__in=discussions)
    assert set(voted.values_list("proof_point__module__framework", flat=True)) <= frameworks
    problems = Problem.objects.filter(discussion__in=discussions)
    assert set(problems.values_list("proof_points__module__framework", flat=True)) <= frameworks
    actions = Action.objects.filter(session__organization=demo)
    assert actions.count() == Action.objects.filter(organization=demo).count()
    assert set(actions.values_list("owner", flat=True)) <= people
    assert set(actions.values_list("proof_points__module__framework", flat=True)) <= frameworks
    assert (
        not ActionReview.objects.exclude(discussion__in=discussions)
        .filter(action__in=actions)
        .exists()
    )
    assert not Participant.objects.filter(session__in=sessions).exclude(person__in=people).exists()


def test_the_story_happens_on_its_own_days_not_the_day_the_demo_was_loaded(demo):
    first, second = first_round(), second_round()
    held_first, held_second = first_discussion().held_on, second_discussion().held_on
    local = timezone.localdate

    def day(moment) -> datetime.date:
        return local(moment)

    # Each round closed a few days before its discussion, after three weeks open.
    assert day(first.closed_at) < held_first < day(second.created_at) < day(second.closed_at)
    assert day(second.closed_at) < held_second <= local()
    for session in (first, second):
        assert session.opens_at < session.closed_at
        assert session.closes_at is None or session.closes_at <= session.closed_at
        answers = Answer.objects.filter(session=session)
        assert all(day(a.updated_at) < day(session.closed_at) for a in answers)
        submitted = Participant.objects.filter(session=session, submitted_at__isnull=False)
        assert submitted.exists()
        assert all(day(p.submitted_at) < day(session.closed_at) for p in submitted)
    # Notes are written on the day of their discussion, reviews too.
    for discussion in (first_discussion(), second_discussion()):
        notes = Note.objects.filter(discussion=discussion)
        assert notes.exists()
        assert {day(note.created_at) for note in notes} == {discussion.held_on}
        in_order = list(notes.order_by("pk").values_list("created_at", flat=True))
        assert in_order == sorted(set(in_order))  # written one after the other
    reviews = ActionReview.objects.filter(discussion=second_discussion())
    assert {day(review.reviewed_at) for review in reviews} == {held_second}
    # The plan was written after the first discussion and progressed until the second.
    actions = Action.objects.filter(session=first)
    assert all(held_first < day(action.created_at) <= day(action.updated_at) for action in actions)
    notes = ProgressNote.objects.filter(action__session=first)
    assert len({day(note.created_at) for note in notes}) > 3  # spread over the months
    assert all(held_first < day(note.created_at) <= held_second for note in notes)
