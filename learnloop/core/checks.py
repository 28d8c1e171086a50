"""Learnloop's own deployment checks, run by `learnloop check --deploy`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104 (names, not a bind)


@register(Tags.security, deploy=True)
def check_base_url(app_configs=None, **kwargs) -> list[Warning]:
    """Links in emails (invitations, reminders, findings, voting links) start with BASE_URL:
    on a server behind HTTPS it must be the public HTTPS address."""
    address = urlsplit(settings.BASE_URL)
    if not getattr(settings, "HTTPS", False):
        return []
    if address.scheme != "https" or address.hostname in LOCAL_HOSTS:
        return [
            Warning(
                f"LEARNLOOP_BASE_URL is {settings.BASE_URL}: links in emails would not reach "
                "this server from outside.",
                hint="Set LEARNLOOP_BASE_URL to the public address, e.g. "
                "https://learn.example.org (docs/configuration.md).",
                id="learnloop.W001",
            )
        ]
    return []
