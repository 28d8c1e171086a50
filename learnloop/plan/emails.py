"""Reminder emails to action owners: plain text with a simple HTML alternative."""

from django.utils.translation import gettext as _

from learnloop.core.emails import send_email
from learnloop.plan.models import Action, ReminderKind


def send_reminder_email(action: Action, kind: str, link: str) -> None:
    """Remind the owner of an action that it is due soon ("due_soon") or overdue ("overdue").

    The email names the action, its due date, its learning session and links to the action;
    nothing from the session's answers is included.
    """
    context = {
        "overdue": kind == ReminderKind.OVERDUE,
        "name": action.owner.name,
        "action": action,
        "session": action.session,
        "organization": action.organization,
        "link": link,
    }
    if kind == ReminderKind.OVERDUE:
        subject = _("Overdue: %(title)s") % {"title": action.title}
    else:
        subject = _("Due soon: %(title)s") % {"title": action.title}
    send_email(action.owner.email, subject, "plan/emails/action_reminder", context)
