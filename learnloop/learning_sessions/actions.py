"""Every write to learning sessions, participants and their links.

Views, commands and tasks all come here. A write that cannot be done raises SessionError with a
message the administrator can act on; nothing is half-saved.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learnloop.accounts.models import User
from learnloop.frameworks.models import Framework, Module, RatingScale
from learnloop.learning_sessions.models import (
    Anonymity,
    LearningSession,
    LinkKind,
    Participant,
    ParticipantLink,
    State,
)
from learnloop.learning_sessions.queries import reminder_candidates
from learnloop.lib.tokens import hash_token, new_token
from learnloop.organizations.models import ROLE_RANK, Group, Organization, Person, Role

# What answers already given depend on: fixed once the session leaves draft.
DRAFT_ONLY_FIELDS = ["framework", "scale", "anonymity"]
SESSION_FIELDS = [
    "title",
    "purpose",
    "framework",
    "scale",
    "administrator",
    "anonymity",
    "min_group_size",
    "intro_process",
    "intro_why",
    "intro_who",
    "intro_next",
    "intro_privacy",
    "opens_at",
    "closes_at",
    "met_level",
    "met_share_percent",
    "dissent_share_percent",
    "low_share_percent",
]


class SessionError(Exception):
    """A write refused for a reason the administrator can act on; str() is the message."""


@dataclass
class ParticipantChoice:
    """One person to add: their reporting group and the modules they answer."""

    person: Person
    group: Group | None
    modules: list[Module]


@dataclass
class EmailReport:
    """What an invitation or reminder run did."""

    queued: list[Participant] = field(default_factory=list)
    without_email: list[Participant] = field(default_factory=list)


def personal_link(token: str) -> str:
    return settings.BASE_URL + reverse("survey-show-introduction", kwargs={"token": token})


def open_link(token: str) -> str:
    return settings.BASE_URL + reverse("survey-join-session", kwargs={"token": token})


# Sessions


def _check_session_fields(organization: Organization, fields: dict[str, Any]) -> None:
    framework: Framework = fields["framework"]
    scale: RatingScale = fields["scale"]
    administrator: User | None = fields.get("administrator")
    if framework.organization_id != organization.pk:
        raise SessionError(_("The framework does not belong to this organization."))
    if scale.organization_id != organization.pk:
        raise SessionError(_("The rating scale does not belong to this organization."))
    if administrator is not None:
        membership = administrator.memberships.filter(organization=organization).first()
        if membership is None or membership.rank < ROLE_RANK[Role.ADMINISTRATOR]:
            raise SessionError(
                _("%(user)s is not an administrator or owner of this organization.")
                % {"user": administrator}
            )
    if fields.get("min_group_size", 3) < 1:
        raise SessionError(_("The minimum group size must be at least 1."))
    opens_at, closes_at = fields.get("opens_at"), fields.get("closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        raise SessionError(_("The closing date must be after the opening date."))
    problem = met_level_problem(fields.get("met_level"), scale)
    if problem:
        raise SessionError(problem)


def met_level_problem(met_level: int | None, scale: RatingScale) -> str | None:
    """Why this met level cannot be used on this scale, or None when it can."""
    if met_level is None:
        return None
    levels = scale.choices.filter(code__gt=0).count()
    if not 2 <= met_level <= levels:
        return _("The level that counts as met must be between 2 and %(top)s on this scale.") % {
            "top": levels
        }
    return None


def _check_modules(framework: Framework, modules: list[Module]) -> None:
    stray = [m for m in modules if m.framework_id != framework.pk]
    if stray:
        raise SessionError(
            _("These modules are not part of %(framework)s: %(modules)s.")
            % {"framework": framework, "modules": ", ".join(m.title for m in stray)}
        )


def _open_link_groups(
    organization: Organization, anonymity: str, groups: Sequence[Group]
) -> list[Group]:
    """The groups to offer on the open link: only anonymous sessions have one."""
    stray = [g.name for g in groups if g.organization_id != organization.pk]
    if stray:
        raise SessionError(
            _("These groups are not in this organization: %(groups)s.")
            % {"groups": ", ".join(stray)}
        )
    return list(groups) if anonymity == Anonymity.ANONYMOUS else []


@transaction.atomic
def do_create_session(
    organization: Organization,
    modules: list[Module],
    open_link_groups: Sequence[Group] = (),
    **fields: Any,
) -> LearningSession:
    """A new draft session. `open_link_groups` (anonymous mode only) limits the groups
    respondents choose from; none means every group of the organization."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    _check_session_fields(organization, fields)
    _check_modules(fields["framework"], modules)
    anonymity = fields.get("anonymity", Anonymity.CONFIDENTIAL)
    groups = _open_link_groups(organization, anonymity, open_link_groups)
    session = LearningSession.objects.create(organization=organization, **fields)
    session.modules.set(modules)
    session.open_link_groups.set(groups)
    return session


def _check_draft_only_changes(
    session: LearningSession, fields: dict[str, Any], modules: list[Module]
) -> None:
    changed = [name for name in DRAFT_ONLY_FIELDS if getattr(session, name) != fields[name]]
    if {m.pk for m in modules} != set(session.modules.values_list("pk", flat=True)):
        changed.append("modules")
    if changed and session.state != State.DRAFT:
        raise SessionError(
            _(
                "The framework version, scale, modules and anonymity mode can change only while "
                "the session is a draft: answers already given refer to them, and participants "
                "were told how their answers are handled."
            )
        )


@transaction.atomic
def do_update_session(
    session: LearningSession,
    modules: list[Module],
    open_link_groups: Sequence[Group] | None = None,
    **fields: Any,
) -> LearningSession:
    """Save the session's settings. The groups offered on the open link (None: leave them as
    they are) may change at any time: those who already joined keep the group they chose. A
    session that is not anonymous offers none."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    session = LearningSession.objects.select_for_update().get(pk=session.pk)
    _check_session_fields(session.organization, fields)
    _check_modules(fields["framework"], modules)
    _check_draft_only_changes(session, fields, modules)
    if open_link_groups is None:
        open_link_groups = list(session.open_link_groups.all())
    groups = _open_link_groups(session.organization, fields["anonymity"], open_link_groups)
    becomes_anonymous = fields["anonymity"] == Anonymity.ANONYMOUS and not session.is_anonymous
    if becomes_anonymous and session.participants.filter(person__isnull=False).exists():
        raise SessionError(
            _(
                "Remove the participants first: in anonymous mode nobody is invited by name, "
                "people join through one open link."
            )
        )
    for name, value in fields.items():
        setattr(session, name, value)
    if fields["anonymity"] != Anonymity.ANONYMOUS:
        session.open_link_hash = None
    session.save(update_fields=[*fields, "open_link_hash"])
    session.open_link_groups.set(groups)
    if session.state == State.DRAFT:
        session.modules.set(modules)
        # Nobody keeps a module the session no longer covers.
        Participant.modules.through.objects.filter(participant__session=session).exclude(
            module__in=modules
        ).delete()
    return session


def opening_problems(session: LearningSession) -> list[str]:
    """Why the session cannot open yet; empty when it can."""
    problems = []
    if session.state != State.DRAFT:
        problems.append(_("Only a draft session can be opened."))
    if not session.modules.exists():
        problems.append(_("Choose at least one module."))
    if not session.is_anonymous:
        participants = session.participants.all()
        if not participants.exists():
            problems.append(_("Add at least one participant."))
        without = participants.filter(modules__isnull=True).count()
        if without:
            problems.append(
                ngettext(
                    "%(n)s participant answers no module: choose modules for them or remove them.",
                    "%(n)s participants answer no module: choose modules for them or remove them.",
                    without,
                )
                % {"n": without}
            )
    if session.closes_at and session.closes_at <= timezone.now():
        problems.append(_("The closing date has passed: choose a later one."))
    return problems


@transaction.atomic
def do_open_session(session: LearningSession) -> LearningSession:
    session = LearningSession.objects.select_for_update().get(pk=session.pk)
    problems = opening_problems(session)
    if problems:
        raise SessionError(" ".join(problems))
    session.state = State.OPEN
    session.opens_at = timezone.now()
    session.save(update_fields=["state", "opens_at"])
    return session


@transaction.atomic
def do_close_session(session: LearningSession) -> LearningSession:
    session = LearningSession.objects.select_for_update().get(pk=session.pk)
    if session.state != State.OPEN:
        raise SessionError(_("Only an open session can be closed."))
    session.state = State.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["state", "closed_at"])
    return session


def do_close_due_sessions(now: datetime | None = None) -> list[LearningSession]:
    """Close every open session whose closing date has passed; each in its own transaction."""
    now = now or timezone.now()
    due = LearningSession.objects.filter(state=State.OPEN, closes_at__lte=now)
    return [do_close_session(session) for session in due]


# Participants


def _check_participants_editable(session: LearningSession) -> None:
    if session.state == State.CLOSED:
        raise SessionError(_("The session is closed: its participants can no longer change."))


def _check_choice(session: LearningSession, group: Group | None, modules: list[Module]) -> None:
    if group is not None and group.organization_id != session.organization_id:
        raise SessionError(_("The group %(group)s is not in this organization.") % {"group": group})
    if not modules:
        raise SessionError(_("Choose at least one module for each participant."))
    allowed = set(session.modules.values_list("pk", flat=True))
    stray = [m.title for m in modules if m.pk not in allowed]
    if stray:
        raise SessionError(
            _("These modules are not part of the session: %(modules)s.")
            % {"modules": ", ".join(stray)}
        )


@transaction.atomic
def do_add_participants(
    session: LearningSession, choices: list[ParticipantChoice]
) -> list[Participant]:
    _check_participants_editable(session)
    if session.is_anonymous:
        raise SessionError(
            _("In anonymous mode nobody is added by name: people join through the open link.")
        )
    if not choices:
        raise SessionError(_("Choose at least one person to add."))
    existing = set(session.participants.values_list("person_id", flat=True))
    for choice in choices:
        if choice.person.organization_id != session.organization_id:
            raise SessionError(
                _("%(person)s is not in this organization.") % {"person": choice.person}
            )
        if choice.person.pk in existing:
            raise SessionError(
                _("%(person)s is already a participant.") % {"person": choice.person}
            )
        _check_choice(session, choice.group, choice.modules)
        existing.add(choice.person.pk)
    participants = Participant.objects.bulk_create(
        [Participant(session=session, person=c.person, group=c.group) for c in choices]
    )
    through = Participant.modules.through
    through.objects.bulk_create(
        [
            through(participant_id=p.pk, module_id=m.pk)
            for p, c in zip(participants, choices, strict=True)
            for m in c.modules
        ]
    )
    return participants


@transaction.atomic
def do_update_participant(
    participant: Participant, group: Group | None, modules: list[Module]
) -> Participant:
    session = participant.session
    _check_participants_editable(session)
    if participant.person_id is None:
        raise SessionError(
            _("An anonymous respondent chose their own group; it cannot be changed for them.")
        )
    _check_choice(session, group, modules)
    dropped = set(participant.modules.values_list("pk", flat=True)) - {m.pk for m in modules}
    answered = (
        participant.answers.filter(proof_point__module__in=dropped)
        .values_list("proof_point__module__title", flat=True)
        .distinct()
    )
    if dropped and answered:
        raise SessionError(
            _(
                "They have already answered in %(modules)s; those modules stay. Their answers "
                "there would otherwise count without the module being theirs."
            )
            % {"modules": ", ".join(sorted(answered))}
        )
    if participant.group_id != (group.pk if group else None):
        participant.group = group
        participant.save(update_fields=["group"])
        # Answers carry the reporting group so reports need no join.
        participant.answers.update(group=group)
    participant.modules.set(modules)
    return participant


@transaction.atomic
def do_remove_participant(participant: Participant, delete_answers: bool = False) -> None:
    _check_participants_editable(participant.session)
    answered = participant.answers.count()
    if answered and not delete_answers:
        raise SessionError(
            ngettext(
                "%(person)s has already answered %(n)s proof point. Removing them deletes that "
                "answer from the results; revoke their links instead to stop them answering, or "
                "confirm that the answer should be deleted too.",
                "%(person)s has already answered %(n)s proof points. Removing them deletes those "
                "answers from the results; revoke their links instead to stop them answering, or "
                "confirm that the answers should be deleted too.",
                answered,
            )
            % {"person": participant, "n": answered}
        )
    participant.delete()


# Links


def _check_link_allowed(participant: Participant, kind: LinkKind) -> None:
    session = participant.session
    # A findings email's link is for reading what is shared back, which happens after the
    # session closes; the survey itself refuses answers once it is closed.
    if session.state == State.CLOSED and kind != LinkKind.FINDINGS:
        raise SessionError(_("The session is closed: links are no longer issued."))
    if session.is_anonymous or participant.person_id is None:
        raise SessionError(
            _("Anonymous sessions have no personal links; use the session's open link.")
        )


@transaction.atomic
def do_issue_link(participant: Participant, kind: LinkKind, token: str | None = None) -> str:
    """One more personal link for the participant; the links they already hold keep working.

    Only the hash is stored, so the token returned here is the only copy.
    """
    _check_link_allowed(participant, kind)
    token = token or new_token()
    ParticipantLink.objects.create(participant=participant, token_hash=hash_token(token), kind=kind)
    return token


def do_forget_link(token: str) -> None:
    """Remove a link that never reached its holder (its email could not be sent)."""
    ParticipantLink.objects.filter(token_hash=hash_token(token)).delete()


@transaction.atomic
def do_revoke_link(participant: Participant) -> int:
    """Stop every working link of the participant; returns how many were stopped.

    The hashes are kept so that the survey can tell the participant a link was withdrawn rather
    than that it never existed.
    """
    revoked = participant.links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not revoked:
        raise SessionError(_("%(person)s has no working link to revoke.") % {"person": participant})
    return revoked


@transaction.atomic
def do_create_open_link(session: LearningSession) -> str:
    """The one open link of an anonymous session; any previous one stops working."""
    if not session.is_anonymous:
        raise SessionError(_("Only anonymous sessions have an open link."))
    if session.state == State.CLOSED:
        raise SessionError(_("The session is closed: links are no longer issued."))
    token = new_token()
    session.open_link_hash = hash_token(token)
    session.save(update_fields=["open_link_hash"])
    return token


# Emails


def _check_emails_allowed(session: LearningSession) -> None:
    if session.is_anonymous:
        raise SessionError(
            _("Anonymous sessions send no emails: Learnloop does not know who the people are.")
        )
    if not session.accepts_answers:
        raise SessionError(
            _("Emails are sent only while the session is open and accepting answers.")
        )


@transaction.atomic
def do_send_invitations(session: LearningSession, participants: list[Participant]) -> EmailReport:
    """Queue an invitation with a new personal link for each participant who has an email.

    Links they already hold keep working.
    """
    from learnloop.learning_sessions.tasks import send_invitation

    _check_emails_allowed(session)
    report = EmailReport()
    for participant in participants:
        if participant.session_id != session.pk or participant.person_id is None:
            raise SessionError(_("%(person)s is not in this session.") % {"person": participant})
        if not participant.person.email:
            report.without_email.append(participant)
            continue
        report.queued.append(participant)
        send_invitation.enqueue(participant.pk)
    return report


@transaction.atomic
def do_send_reminders(session: LearningSession, quiet_since: datetime | None = None) -> EmailReport:
    """Queue a reminder for everyone with a working link who has not finished.

    With quiet_since, people invited or reminded after that moment are left alone.
    """
    from learnloop.learning_sessions.tasks import send_reminder

    _check_emails_allowed(session)
    report = EmailReport()
    for participant in reminder_candidates(session, quiet_since):
        if not participant.person.email:
            report.without_email.append(participant)
            continue
        report.queued.append(participant)
        send_reminder.enqueue(participant.pk)
    return report


def do_email_link(participant_id: int, kind: str) -> bool:
    """Send one invitation or reminder with a new link; the work of a background task.

    The email goes first and the new hash is saved after, so a failed send leaves no link that
    nobody holds; the checks are repeated because things may have changed since it was queued.
    Links sent earlier keep working.
    """
    from learnloop.learning_sessions.emails import send_link_email

    participant = (
        Participant.objects.select_related("person", "session__organization")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or not _still_wanted(participant, kind):
        return False
    token = new_token()
    send_link_email(participant, kind, personal_link(token))
    with transaction.atomic():
        do_issue_link(participant, LinkKind(kind), token)
        stamp = "invited_at" if kind == "invitation" else "reminded_at"
        setattr(participant, stamp, timezone.now())
        participant.save(update_fields=[stamp])
    return True


def _still_wanted(participant: Participant, kind: str) -> bool:
    session = participant.session
    if session.is_anonymous or not session.accepts_answers:
        return False
    if participant.person is None or not participant.person.email:
        return False
    if kind == "reminder":
        return participant.submitted_at is None and participant.has_working_link
    return True
