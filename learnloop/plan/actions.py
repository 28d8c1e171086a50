"""Every write to the improvement plan. Views, the API, commands and other apps all come here.

A write that cannot be done raises PlanError with a message the analyst can act on, and
changes nothing. Everything an action links (its problem, proof points and owner) must belong
to the action's own learning session and organization; the checks here hold whatever the form
or the caller sent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learnloop.accounts.models import User
from learnloop.discussions.models import Problem
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Organization, Person
from learnloop.plan.models import (
    OPEN_STATUSES,
    Action,
    ActionReminder,
    ActionStatus,
    ProgressNote,
    ReminderKind,
)

TITLE_LENGTH = Action._meta.get_field("title").max_length


class PlanError(Exception):
    """A write refused for a reason the analyst can act on; str() is the message."""


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise PlanError(_("Give the action a title."))
    if len(title) > TITLE_LENGTH:
        raise PlanError(
            _("The title is %(n)d characters long; keep it to %(max)d.")
            % {"n": len(title), "max": TITLE_LENGTH}
        )
    return title


def _check_status(status: str) -> str:
    if status not in ActionStatus.values:
        raise PlanError(_("Choose a status: planned, in progress, done or dropped."))
    return status


def _check_owner(organization: Organization, owner: Person | None) -> Person | None:
    if owner is not None and owner.organization_id != organization.pk:
        raise PlanError(_("The owner must be one of this organization's people."))
    return owner


def _check_problem(session: LearningSession, problem: Problem | None) -> Problem | None:
    if problem is not None and problem.discussion.session_id != session.pk:
        raise PlanError(
            _(
                "That problem was chosen in a discussion of another learning session: an "
                "action can only address a problem of its own session."
            )
        )
    return problem


def _check_proof_points(
    session: LearningSession, proof_points: Iterable[ProofPoint]
) -> list[ProofPoint]:
    chosen = list(proof_points)
    modules = set(session.modules.values_list("pk", flat=True))
    for proof_point in chosen:
        if proof_point.module_id not in modules:
            raise PlanError(
                _("“%(text)s” is not a proof point of this learning session's modules.")
                % {"text": proof_point.text}
            )
    return chosen


@transaction.atomic
def do_create_action(
    session: LearningSession,
    user: User | None,
    *,
    title: str,
    description: str = "",
    problem: Problem | None = None,
    proof_points: Iterable[ProofPoint] = (),
    owner: Person | None = None,
    due_on: datetime.date | None = None,
    status: str = ActionStatus.PLANNED,
) -> Action:
    """An action of this learning session's improvement plan."""
    title = _check_title(title)
    chosen = _check_proof_points(session, proof_points)
    now = timezone.now()
    action = Action.objects.create(
        organization=session.organization,
        session=session,
        problem=_check_problem(session, problem),
        title=title,
        description=description.strip(),
        owner=_check_owner(session.organization, owner),
        due_on=due_on,
        status=_check_status(status),
        created_by=user,
        created_at=now,
        updated_at=now,
    )
    action.proof_points.set(chosen)
    return action


@transaction.atomic
def do_update_action(
    action: Action,
    *,
    title: str,
    description: str,
    problem: Problem | None,
    proof_points: Iterable[ProofPoint],
    owner: Person | None,
    due_on: datetime.date | None,
) -> bool:
    """Change what an action is, who owns it and when it is due (its status changes through
    do_change_action_status). Returns whether anything changed. A new due date allows new
    reminders, since reminders are logged per due date."""
    problem = _check_problem(action.session, problem)
    owner = _check_owner(action.organization, owner)
    values = {
        "title": _check_title(title),
        "description": description.strip(),
        "problem_id": problem.pk if problem else None,
        "owner_id": owner.pk if owner else None,
        "due_on": due_on,
    }
    chosen = _check_proof_points(action.session, proof_points)
    changed = [name for name, value in values.items() if getattr(action, name) != value]
    for name in changed:
        setattr(action, name, values[name])
    before = set(action.proof_points.values_list("pk", flat=True))
    links_changed = before != {proof_point.pk for proof_point in chosen}
    if links_changed:
        action.proof_points.set(chosen)
    if changed or links_changed:
        action.updated_at = timezone.now()
        action.save(update_fields=[*changed, "updated_at"])
    return bool(changed) or links_changed


@transaction.atomic
def do_change_action_status(action: Action, status: str) -> bool:
    """Planned, in progress, done or dropped. Returns whether the status changed."""
    status = _check_status(status)
    if action.status == status:
        return False
    action.status = status
    action.updated_at = timezone.now()
    action.save(update_fields=["status", "updated_at"])
    return True


@transaction.atomic
def do_add_progress_note(
    action: Action, user: User | None, text: str, status: str = ""
) -> ProgressNote:
    """A note on how the action is going, optionally moving it to another status; the note
    records the status it left the action in (empty when the status did not change)."""
    text = text.strip()
    if not text:
        raise PlanError(_("Write what happened: a progress note cannot be empty."))
    if status:
        _check_status(status)
    changed = bool(status) and do_change_action_status(action, status)
    if not changed:
        action.updated_at = timezone.now()
        action.save(update_fields=["updated_at"])
    return ProgressNote.objects.create(
        action=action, text=text, status=status if changed else "", author=user
    )


@transaction.atomic
def do_delete_action(action: Action) -> None:
    """Delete an action with its progress notes, reviews and reminder log."""
    action.delete()


# ---------------------------------------------------------------------------------------------
# Reminders to owners


def reminder_days() -> int:
    """How many days before its due date an action's owner is reminded (0: not before)."""
    return max(0, settings.ACTION_REMINDER_DAYS)


def reminder_kind(action: Action, today: datetime.date, days: int) -> str | None:
    """The reminder an action is due today, if any: "overdue" once its due date has passed,
    "due soon" from `days` days before it (the due date itself included)."""
    if action.status not in OPEN_STATUSES or action.due_on is None:
        return None
    if action.due_on < today:
        return ReminderKind.OVERDUE
    if days > 0 and action.due_on <= today + datetime.timedelta(days=days):
        return ReminderKind.DUE_SOON
    return None


def _not_sent(kind: str):
    return ~Exists(
        ActionReminder.objects.filter(action=OuterRef("pk"), kind=kind, due_on=OuterRef("due_on"))
    )


def actions_to_remind(
    today: datetime.date, days: int, organization: Organization | None = None
) -> list[Action]:
    """Open actions whose "due soon" or "overdue" reminder is due and not yet sent for their
    current due date, owners with or without an email, soonest due first. One query."""
    window = Q(due_on__lt=today) & _not_sent(ReminderKind.OVERDUE)
    if days > 0:
        soon = Q(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days))
        window |= soon & _not_sent(ReminderKind.DUE_SOON)
    actions = Action.objects.filter(window, status__in=OPEN_STATUSES, due_on__isnull=False)
    if organization is not None:
        actions = actions.filter(organization=organization)
    return list(actions.select_related("owner", "session").order_by("due_on", "pk"))


@dataclass
class ReminderReport:
    """What a reminder run did: the actions whose owners were sent a reminder, and those
    that could not be (no owner, or an owner without an email address)."""

    queued: list[Action] = field(default_factory=list)
    without_email: list[Action] = field(default_factory=list)


@transaction.atomic
def do_send_action_reminders(organization: Organization | None = None) -> ReminderReport:
    """Queue a reminder to the owner of every open action due soon or overdue that has not had
    that reminder for its current due date (every organization's, or only this one's)."""
    from learnloop.plan.tasks import send_action_reminder

    report = ReminderReport()
    for action in actions_to_remind(timezone.localdate(), reminder_days(), organization):
        if action.owner is None or not action.owner.email:
            report.without_email.append(action)
            continue
        report.queued.append(action)
        send_action_reminder.enqueue(action.pk)
    return report


def action_link(action: Action) -> str:
    path = reverse(
        "plan-show-action",
        kwargs={
            "slug": action.organization.slug,
            "session_id": action.session_id,
            "action_id": action.pk,
        },
    )
    return settings.BASE_URL + path


def do_email_action_reminder(action_id: int) -> bool:
    """Send one reminder to an action's owner; the work of a background task. The checks are
    made again, since the action may have changed since it was queued, and the reminder is
    logged in the same transaction as the email goes out: a second task for the same action
    and due date finds the log and sends nothing, and a failed send logs nothing, so a later
    run tries again. Returns whether an email was sent."""
    from learnloop.plan.emails import send_reminder_email

    with transaction.atomic():
        action = (
            Action.objects.select_for_update(of=("self",))
            .select_related("owner", "session", "organization")
            .filter(pk=action_id)
            .first()
        )
        if action is None or action.owner is None or not action.owner.email:
            return False
        kind = reminder_kind(action, timezone.localdate(), reminder_days())
        if kind is None:
            return False
        _reminder, created = ActionReminder.objects.get_or_create(
            action=action, kind=kind, due_on=action.due_on, defaults={"sent_to": action.owner.email}
        )
        if not created:
            return False
        send_reminder_email(action, kind, action_link(action))
    return True
