"""Learnloop's emails: a plain-text body with a simple HTML alternative, from two templates."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_email(to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    """Send ``template``.txt as the body and ``template``.html as its HTML alternative."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
