"""Every write the demo makes: loading Riverside Community Trust, resetting it, issuing its link.

Loading goes through the other apps' actions, exactly as a person using Learnloop would:
create the organization, its groups and people, add the starter framework, run a learning
session from draft to closed and leave another one open; then the rest of the cycle for the
closed session (cycle.py): a discussion, the improvement plan, a second round and a discussion
of it. It is all one transaction, so a failure leaves nothing behind.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learnloop.accounts.models import User
from learnloop.demo import content, cycle
from learnloop.demo.content import SessionPlan
from learnloop.demo.plan import (
    SECOND_ROUND_COMMENTS_PATH,
    PlannedAnswer,
    Respondent,
    load_comments,
    plan_answers,
    plan_next_round,
)
from learnloop.discussions.actions import (
    do_add_cause,
    do_add_note,
    do_add_vote,
    do_choose_problem,
    do_create_agenda_item,
    do_create_discussion,
    do_draft_agenda,
    do_review_action,
    do_save_whys,
    do_set_voting,
    do_update_problem,
)
from learnloop.discussions.models import Discussion, DiscussionParticipant, Note, Problem
from learnloop.discussions.queries import carried_actions, target_key
from learnloop.frameworks.actions import do_add_starter_framework
from learnloop.frameworks.models import Framework, ProofPoint
from learnloop.learning_sessions.actions import (
    ParticipantChoice,
    do_add_participants,
    do_close_session,
    do_create_session,
    do_issue_link,
    do_open_session,
)
from learnloop.learning_sessions.models import (
    Answer,
    LearningSession,
    LinkKind,
    Participant,
    State,
)
from learnloop.organizations.actions import (
    do_add_member,
    do_create_group,
    do_create_organization,
    do_create_person,
)
from learnloop.organizations.models import Group, Membership, Organization, Person, Role
from learnloop.plan.actions import do_add_progress_note, do_create_action
from learnloop.plan.models import Action, ActionReview, ProgressNote
from learnloop.rounds.actions import do_run_again
from learnloop.survey.actions import do_record_answers, do_submit_answers


class DemoError(Exception):
    """The demo cannot be loaded here; the message says why and what to do."""


@dataclass(frozen=True)
class DemoState:
    organization: Organization
    created: bool
    # False when someone has changed the administrator's password since the demo was loaded.
    password_works: bool


def find_demo() -> Organization | None:
    """The demo organization, or None. Refuses to treat someone else's organization as the demo."""
    organization = Organization.objects.filter(slug=content.ORGANIZATION_SLUG).first()
    if organization is not None and organization.name != content.ORGANIZATION_NAME:
        raise DemoError(
            _(
                "An organization called %(name)s already uses the short name %(slug)s, so the "
                "demo cannot be loaded into this database. Use another LEARNLOOP_DATA_DIR."
            )
            % {"name": organization.name, "slug": content.ORGANIZATION_SLUG}
        )
    return organization


def _demo_user(email: str, name: str, reset_password: bool) -> User:
    """The demo account with this email, created with the demo password when missing."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return User.objects.create_user(email=email, password=content.DEMO_PASSWORD, name=name)
    if reset_password:
        user.set_password(content.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _create_people(organization: Organization) -> dict[str, Person]:
    people = {}
    for group_name in content.GROUPS:
        group = do_create_group(organization, group_name)
        for name in content.PEOPLE[group_name]:
            people[name] = do_create_person(organization, name, content.email_for(name), [group])
    return people


def _proof_points(framework: Framework, modules: tuple[str, ...]) -> dict[tuple[str, str], int]:
    """{(module key, proof point key): id}. Proof point keys are unique within a module here."""
    rows = ProofPoint.objects.filter(
        module__framework=framework, module__key__in=modules
    ).values_list("module__key", "key", "pk")
    return {(module, key): pk for module, key, pk in rows}


def _create_session(
    organization: Organization, framework: Framework, plan: SessionPlan, administrator: User
) -> LearningSession:
    modules = list(framework.modules.filter(key__in=plan.modules))
    return do_create_session(
        organization,
        modules,
        title=plan.title,
        framework=framework,
        scale=framework.default_scale,
        administrator=administrator,
        anonymity=plan.anonymity,
        min_group_size=3,
        intro_process=plan.intro_process,
        intro_why=plan.intro_why,
        intro_who=plan.intro_who,
        intro_next=plan.intro_next,
    )


def _add_participants(
    session: LearningSession, plan: SessionPlan, people: dict[str, Person]
) -> dict[str, Participant]:
    modules = list(session.modules.all())
    groups = {g.name: g for g in Group.objects.filter(organization=session.organization)}
    choices = [
        ParticipantChoice(person=people[name], group=groups[group], modules=modules)
        for group in plan.groups
        for name in content.PEOPLE[group]
    ]
    participants = do_add_participants(session, choices)
    return {p.person.name: p for p in participants if p.person is not None}


def _record(
    participants: dict[str, Participant],
    answers: list[PlannedAnswer],
    proof_points: dict[tuple[str, str], int],
) -> None:
    by_person: dict[str, list[tuple[int, int | None, str]]] = {}
    for a in answers:
        by_person.setdefault(a.person, []).append(
            (proof_points[(a.module, a.proof_point)], a.code, a.comment)
        )
    for name, rows in by_person.items():
        do_record_answers(participants[name], rows)


def _respondents(plan: SessionPlan, closed: bool) -> list[Respondent]:
    if closed:
        return [Respondent(n, g) for g in plan.groups for n in content.PEOPLE[g]]
    group_of = {n: g for g in plan.groups for n in content.PEOPLE[g]}
    return [Respondent(n, group_of[n]) for n in plan.submitted] + [
        Respondent(n, group_of[n], answered) for n, answered in plan.in_progress.items()
    ]


def _run_session(
    organization: Organization,
    framework: Framework,
    plan: SessionPlan,
    people: dict[str, Person],
    administrator: User,
    rng: random.Random,
    closed: bool,
) -> tuple[LearningSession, list[PlannedAnswer]]:
    """Create the session, add its participants, open it, record their answers; then close it
    when `closed`. Returns the session and the answers recorded."""
    session = _create_session(organization, framework, plan, administrator)
    participants = _add_participants(session, plan, people)
    session = do_open_session(session)
    profiles = content.PROFILES if closed else content.OPEN_PROFILES
    answers = plan_answers(
        profiles, _respondents(plan, closed), load_comments(), content.COMMENT_RATE, rng
    )
    _record(participants, answers, _proof_points(framework, plan.modules))
    submitters = (
        [n for n in participants if n not in plan.not_submitted] if closed else plan.submitted
    )
    for name in submitters:
        do_submit_answers(participants[name])
    return (do_close_session(session) if closed else session), answers


# ---------------------------------------------------------------------------------------------
# The rest of the cycle of the closed session (cycle.py)


Points = dict[cycle.PointRef, ProofPoint]


def _day(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def _vote(discussion: Discussion, plan: cycle.DiscussionPlan, points: Points) -> None:
    """Open voting, place everyone's votes, close voting."""
    voters = {
        voter.person.name: voter
        for voter in DiscussionParticipant.objects.filter(discussion=discussion).select_related(
            "person"
        )
    }
    do_set_voting(discussion, True)
    for name, choices in plan.votes.items():
        for point in choices:
            do_add_vote(voters[name], target_key(None, points[point].pk))
    do_set_voting(discussion, False)


def _work_on(discussion: Discussion, plan: cycle.ProblemPlan, points: Points) -> Problem:
    """Choose a voted-on proof point as a problem, put it in the room's words, find its causes."""
    problem = do_choose_problem(discussion, target_key(None, points[plan.chosen].pk))
    do_update_problem(
        problem,
        title=plan.title,
        description=plan.description,
        proof_points=[points[point] for point in plan.proof_points],
    )
    do_save_whys(problem, plan.whys)
    for category, text in plan.causes:
        do_add_cause(problem, category=category, text=text)
    return problem


def _hold_discussion(
    session: LearningSession,
    plan: cycle.DiscussionPlan,
    people: dict[str, Person],
    points: Points,
    facilitator: User,
    today: datetime.date,
) -> tuple[Discussion, list[Problem]]:
    """A discussion of the session: the people in the room, the drafted agenda with the
    facilitator's additions, the votes and the problems chosen (no notes yet)."""
    discussion = do_create_discussion(
        session,
        title=plan.title,
        held_on=_day(today, plan.held),
        facilitator=facilitator,
        participants=[people[name] for name in plan.room],
        votes_per_person=plan.votes_per_person,
    )
    do_draft_agenda(discussion)
    for item in plan.added:
        do_create_agenda_item(
            discussion,
            section=item.section,
            title=item.title,
            notes=item.notes,
            proof_point=points[item.point],
        )
    if plan.votes:
        _vote(discussion, plan, points)
    return discussion, [_work_on(discussion, problem, points) for problem in plan.problems]


def _write_notes(discussion: Discussion, plan: cycle.DiscussionPlan, author: User) -> None:
    for kind, text in plan.notes:
        do_add_note(discussion, author, kind=kind, text=text)


def _make_plan(
    session: LearningSession,
    problems: list[Problem],
    people: dict[str, Person],
    points: Points,
    author: User,
    today: datetime.date,
) -> None:
    """The improvement plan: each action with its owner and due date, then its progress."""
    for item in cycle.ACTIONS:
        action = do_create_action(
            session,
            author,
            title=item.title,
            description=item.description,
            problem=problems[item.problem],
            proof_points=[points[point] for point in item.proof_points],
            owner=people[item.owner],
            due_on=_day(today, item.due),
        )
        for text, status in item.progress:
            do_add_progress_note(action, author, text, status)


def _run_second_round(
    first: LearningSession,
    framework: Framework,
    first_answers: list[PlannedAnswer],
    administrator: User,
) -> LearningSession:
    """Run the closed session again with the same people and modules; they rate again (all but
    those who left), most submit, and the round closes."""
    plan = cycle.SECOND_ROUND
    session = do_run_again(
        first,
        title=plan.title,
        framework=framework,
        modules=list(first.modules.all()),
        copy_participants=True,
        acting=administrator,
    )
    participants = {
        p.person.name: p for p in session.participants.select_related("person") if p.person
    }
    session = do_open_session(session)
    group_of = {name: group for group in content.GROUPS for name in content.PEOPLE[group]}
    answers = plan_next_round(
        first_answers,
        plan.changes,
        group_of,
        plan.left,
        load_comments(SECOND_ROUND_COMMENTS_PATH),
        plan.comment_rate,
        random.Random(plan.seed),
    )
    _record(participants, answers, _proof_points(framework, content.CLOSED_SESSION.modules))
    for name, participant in participants.items():
        if name not in plan.left and name not in plan.not_submitted:
            do_submit_answers(participant)
    return do_close_session(session)


def _complete_the_cycle(
    first: LearningSession,
    framework: Framework,
    first_answers: list[PlannedAnswer],
    people: dict[str, Person],
    administrator: User,
    facilitator: User,
) -> None:
    """After the closed session: its discussion and improvement plan, its second round, and the
    second round's discussion, where the actions still open are reviewed."""
    today = timezone.localdate()
    refs = _proof_points(framework, content.CLOSED_SESSION.modules)
    found = ProofPoint.objects.in_bulk(list(refs.values()))
    points = {ref: found[pk] for ref, pk in refs.items()}
    discussion, problems = _hold_discussion(
        first, cycle.FIRST_DISCUSSION, people, points, administrator, today
    )
    _write_notes(discussion, cycle.FIRST_DISCUSSION, administrator)
    _make_plan(first, problems, people, points, administrator, today)
    second = _run_second_round(first, framework, first_answers, administrator)
    review, _problems = _hold_discussion(
        second, cycle.SECOND_DISCUSSION, people, points, facilitator, today
    )
    carried = {action.title: action for action in carried_actions(review)}
    for item in cycle.REVIEWS:
        do_review_action(
            review, carried[item.action], facilitator, status=item.status, note=item.note
        )
    _write_notes(review, cycle.SECOND_DISCUSSION, facilitator)
    _date_the_cycle(first, discussion, second, review)


# The actions stamp "now"; the story happened over months. These move the stamps of the closed
# session, its discussion, the plan, the second round and its discussion to the days the story
# gives (the discussions' dates), so that nothing in the demo seems to happen on the day it was
# loaded. Only timestamps change; no action's rules are involved.


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _date_round(session: LearningSession, closed: datetime.date) -> None:
    """Open for three weeks, closing ``closed``: invitations on the first day, answers in the
    first week, submissions two days before the close."""
    opened = closed - datetime.timedelta(days=21)
    rounds = LearningSession.objects.filter(pk=session.pk)
    rounds.update(
        created_at=_at(opened - datetime.timedelta(days=7), 9),
        opens_at=_at(opened, 9),
        closed_at=_at(closed, 17),
    )
    rounds.filter(closes_at__isnull=False).update(closes_at=_at(closed, 17))
    participants = Participant.objects.filter(session=session)
    participants.update(created_at=_at(opened - datetime.timedelta(days=1), 9))
    participants.filter(invited_at__isnull=False).update(invited_at=_at(opened, 9))
    participants.filter(started_at__isnull=False).update(
        started_at=_at(opened + datetime.timedelta(days=2), 10)
    )
    participants.filter(submitted_at__isnull=False).update(
        submitted_at=_at(closed - datetime.timedelta(days=2), 16)
    )
    Answer.objects.filter(session=session).update(
        updated_at=_at(opened + datetime.timedelta(days=2), 10)
    )


def _date_discussion(discussion: Discussion) -> None:
    """Created two days before it was held; notes every five minutes from ten o'clock; the
    reviews of actions at eleven."""
    held = discussion.held_on
    Discussion.objects.filter(pk=discussion.pk).update(
        created_at=_at(held - datetime.timedelta(days=2), 9)
    )
    for number, pk in enumerate(discussion.notes.order_by("pk").values_list("pk", flat=True)):
        written = _at(held, 10) + datetime.timedelta(minutes=5 * number)
        Note.objects.filter(pk=pk).update(created_at=written)
    ActionReview.objects.filter(discussion=discussion).update(reviewed_at=_at(held, 11))


def _date_plan(session: LearningSession, discussion: Discussion, review: Discussion) -> None:
    """Actions written the day after the first discussion; their progress notes spread over
    the months until the second discussion, whose reviews' notes are dated that day."""
    start = discussion.held_on + datetime.timedelta(days=1)
    span = (review.held_on - start).days
    # A review that changes an action's status writes a progress note stamped as the review.
    reviewed_at = dict(
        ActionReview.objects.filter(discussion=review).values_list("action_id", "reviewed_at")
    )
    for action in Action.objects.filter(session=session).prefetch_related("progress_notes"):
        notes = sorted(action.progress_notes.all(), key=lambda note: note.pk)
        reviewed = [note for note in notes if note.created_at == reviewed_at.get(action.pk)]
        spread = [note for note in notes if note not in reviewed]
        last = _at(start, 9)
        for number, note in enumerate(spread, start=1):
            last = _at(start + datetime.timedelta(days=span * number // (len(spread) + 1)), 14)
            ProgressNote.objects.filter(pk=note.pk).update(created_at=last)
        for note in reviewed:
            last = _at(review.held_on, 11)
            ProgressNote.objects.filter(pk=note.pk).update(created_at=last)
        Action.objects.filter(pk=action.pk).update(created_at=_at(start, 9), updated_at=last)


def _date_the_cycle(
    first: LearningSession, discussion: Discussion, second: LearningSession, review: Discussion
) -> None:
    _date_round(first, discussion.held_on - datetime.timedelta(days=4))
    _date_discussion(discussion)
    _date_plan(first, discussion, review)
    _date_round(second, review.held_on - datetime.timedelta(days=4))
    _date_discussion(review)


@transaction.atomic
def do_load_demo() -> Organization:
    """Create the demo organization with its people, framework, learning sessions (the closed
    one with its discussions, improvement plan and second round)."""
    if find_demo() is not None:
        raise DemoError(_("The demo organization already exists."))
    admin = _demo_user(content.ADMIN_EMAIL, content.ADMIN_NAME, reset_password=False)
    facilitator = _demo_user(
        content.FACILITATOR_EMAIL, content.FACILITATOR_NAME, reset_password=False
    )
    organization = do_create_organization(content.ORGANIZATION_NAME, admin)
    # A fixed short name, so that the demo is found again however many organizations exist.
    organization.slug = content.ORGANIZATION_SLUG
    organization.save(update_fields=["slug"])
    owner = Membership.objects.get(organization=organization, user=admin)
    do_add_member(organization, content.FACILITATOR_EMAIL, Role.FACILITATOR, by=owner)
    people = _create_people(organization)
    framework = do_add_starter_framework(organization, content.STARTER_FRAMEWORK)
    rng = random.Random(content.SEED)
    closed, answers = _run_session(
        organization, framework, content.CLOSED_SESSION, people, admin, rng, closed=True
    )
    _run_session(organization, framework, content.OPEN_SESSION, people, admin, rng, closed=False)
    _complete_the_cycle(closed, framework, answers, people, admin, facilitator)
    return organization


@transaction.atomic
def do_delete_demo() -> bool:
    """Delete the demo organization and everything in it; the demo accounts stay.

    Returns whether there was a demo to delete.
    """
    organization = find_demo()
    if organization is None:
        return False
    # Answers protect proof points and participants protect people: remove them first.
    LearningSession.objects.filter(organization=organization).delete()
    organization.delete()
    return True


@transaction.atomic
def do_ensure_demo(reset: bool = False) -> DemoState:
    """Load the demo unless it is there already; with `reset`, delete and load it again.

    An existing demo is left exactly as it is, including anything done in it since.
    """
    if reset:
        do_delete_demo()
        _demo_user(content.ADMIN_EMAIL, content.ADMIN_NAME, reset_password=True)
        _demo_user(content.FACILITATOR_EMAIL, content.FACILITATOR_NAME, reset_password=True)
    organization = find_demo()
    created = organization is None
    if organization is None:
        organization = do_load_demo()
    admin = User.objects.get(email__iexact=content.ADMIN_EMAIL)
    return DemoState(organization, created, admin.check_password(content.DEMO_PASSWORD))


@dataclass(frozen=True)
class CyclePages:
    """Where a newcomer sees the cycle of the closed session (paths; None when not there)."""

    discussion: str | None
    plan: str
    comparison: str | None


def cycle_pages(organization: Organization) -> CyclePages:
    """The first discussion's page (its record), the organization's improvement plan and the
    round comparison of the second round, as they are now: an earlier demo, or one someone
    has changed, may lack the discussion or the second round."""
    slug = organization.slug
    discussion = (
        Discussion.objects.filter(
            session__organization=organization, title=cycle.FIRST_DISCUSSION.title
        )
        .order_by("pk")
        .first()
    )
    second = (
        LearningSession.objects.filter(
            organization=organization,
            title=cycle.SECOND_ROUND.title,
            previous_round__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    discussion_path = comparison_path = None
    if discussion is not None:
        ids = {"session_id": discussion.session_id, "discussion_id": discussion.pk}
        discussion_path = reverse("discussions-show-discussion", kwargs={"slug": slug, **ids})
    if second is not None:
        ids = {"session_id": second.pk}
        comparison_path = reverse("rounds-show-comparison", kwargs={"slug": slug, **ids})
    plan_path = reverse("plan-list-actions", kwargs={"slug": slug})
    return CyclePages(discussion=discussion_path, plan=plan_path, comparison=comparison_path)


def demo_link_participant(organization: Organization) -> Participant | None:
    """The open session's participant whose link the demo prints, while they can still use it."""
    return (
        Participant.objects.filter(
            session__organization=organization,
            session__title=content.OPEN_SESSION.title,
            session__state=State.OPEN,
            person__name=content.OPEN_SESSION.link_for,
        )
        .select_related("session", "person")
        .first()
    )


@transaction.atomic
def do_issue_demo_link(organization: Organization) -> str | None:
    """A new personal link token for the demo participant, or None when the session has closed.

    Only token hashes are stored, so each run issues a new link to print; the links printed by
    earlier runs keep working.
    """
    participant = demo_link_participant(organization)
    return do_issue_link(participant, LinkKind.DEMO) if participant is not None else None
