"""Every write the demo makes: loading Riverside Community Trust, resetting it, issuing its link.

Loading goes through the other apps' actions, exactly as a person using Learnloop would:
create the organization, its groups and people, add the starter framework, run a learning
session from draft to closed and leave another one open. It is all one transaction, so a
failure leaves nothing behind.
"""

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from learnloop.accounts.models import User
from learnloop.demo import content
from learnloop.demo.content import SessionPlan
from learnloop.demo.plan import PlannedAnswer, Respondent, load_comments, plan_answers
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
from learnloop.learning_sessions.models import LearningSession, LinkKind, Participant, State
from learnloop.organizations.actions import (
    do_add_member,
    do_create_group,
    do_create_organization,
    do_create_person,
)
from learnloop.organizations.models import Group, Membership, Organization, Person, Role
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
) -> LearningSession:
    """Create the session, add its participants, open it, record their answers; then close it
    when `closed`."""
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
    return do_close_session(session) if closed else session


@transaction.atomic
def do_load_demo() -> Organization:
    """Create the demo organization with its people, framework and two learning sessions."""
    if find_demo() is not None:
        raise DemoError(_("The demo organization already exists."))
    admin = _demo_user(content.ADMIN_EMAIL, content.ADMIN_NAME, reset_password=False)
    _demo_user(content.FACILITATOR_EMAIL, content.FACILITATOR_NAME, reset_password=False)
    organization = do_create_organization(content.ORGANIZATION_NAME, admin)
    # A fixed short name, so that the demo is found again however many organizations exist.
    organization.slug = content.ORGANIZATION_SLUG
    organization.save(update_fields=["slug"])
    owner = Membership.objects.get(organization=organization, user=admin)
    do_add_member(organization, content.FACILITATOR_EMAIL, Role.FACILITATOR, by=owner)
    people = _create_people(organization)
    framework = do_add_starter_framework(organization, content.STARTER_FRAMEWORK)
    rng = random.Random(content.SEED)
    _run_session(organization, framework, content.CLOSED_SESSION, people, admin, rng, closed=True)
    _run_session(organization, framework, content.OPEN_SESSION, people, admin, rng, closed=False)
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
