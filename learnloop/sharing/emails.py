"""The email that tells a participant a release is ready: plain text with an HTML alternative."""

from django.utils.translation import gettext as _

from learnloop.core.emails import send_email
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
    subject = _("Findings to read: %(title)s") % {"title": session.title}
    send_email(participant.person.email, subject, "sharing/emails/release_notice", context)
