"""Reminder emails to action owners: plain text with a simple HTML alternative."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

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
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("plan/emails/action_reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[action.owner.email],
    )
    message.attach_alternative(
        render_to_string("plan/emails/action_reminder.html", context), "text/html"
    )
    message.send()
