"""Emails telling someone they have been made a member of an organization."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from learnloop.accounts.models import User
from learnloop.organizations.models import Membership

logger = logging.getLogger(__name__)


def password_set_link(user: User) -> str:
    """The one-time link where this user chooses a password (Django's password reset token)."""
    path = reverse(
        "accounts-set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.BASE_URL + path


def send_member_email(membership: Membership, invited_by: User | None) -> bool:
    """Tell the new member; include a password link when they have no password yet.

    Returns False when the email could not be sent, so the page can say so; the membership
    stands either way and the person can still use "forgot your password" on the login page.
    """
    user = membership.user
    needs_password = not user.has_usable_password()
    context = {
        "membership": membership,
        "organization": membership.organization,
        "invited_by": invited_by,
        "needs_password": needs_password,
        "password_link": password_set_link(user) if needs_password else "",
        "organization_link": settings.BASE_URL
        + reverse("organizations-show-organization", kwargs={"slug": membership.organization.slug}),
        "login_link": settings.BASE_URL + reverse("accounts-login"),
    }
    subject = _("You have been added to %(organization)s on Learnloop") % {
        "organization": membership.organization.name
    }
    body = render_to_string("organizations/email/member_added.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except OSError:
        logger.exception("Could not send the membership email to user %s", user.pk)
        return False
    return True
