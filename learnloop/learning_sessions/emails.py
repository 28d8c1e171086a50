"""Invitation and reminder emails: plain text with a simple HTML alternative."""

from django.utils.translation import gettext as _

from learnloop.core.emails import send_email
from learnloop.learning_sessions.models import Participant


def send_link_email(participant: Participant, kind: str, link: str) -> None:
    """Send an invitation ("invitation") or a reminder ("reminder") carrying a personal link.

    The participant's name appears only in the greeting; nothing about other people is included.
    """
    session = participant.session
    context = {
        "kind": kind,
        "name": participant.person.name,
        "session": session,
        "organization": session.organization,
        "link": link,
        "privacy_statement": session.privacy_statement,
    }
    if kind == "invitation":
        subject = _("You are invited: %(title)s") % {"title": session.title}
    else:
        subject = _("Reminder: %(title)s") % {"title": session.title}
    send_email(participant.person.email, subject, "learning_sessions/emails/link_email", context)
