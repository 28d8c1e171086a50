"""The email that tells a participant a release is ready: plain text with an HTML alternative."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from learnloop.learning_sessions.models import Participant
from learnloop.sharing.models import ShareRelease


def send_release_email(release: ShareRelease, participant: Participant, link: str) -> None:
    """Send the release's announcement with a personal link to read and respond to it.

    The participant's name appears only in the greeting; nothing about other people is included.
    """
    session = release.session
    context = {
        "name": participant.person.name,
        "release": release,
        "session": session,
        "organization": session.organization,
        "link": link,
    }
    message = EmailMultiAlternatives(
        subject=_("Findings to read: %(title)s") % {"title": session.title},
        body=render_to_string("sharing/emails/release_notice.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[participant.person.email],
    )
    message.attach_alternative(
        render_to_string("sharing/emails/release_notice.html", context), "text/html"
    )
    message.send()
