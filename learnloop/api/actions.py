"""Every write to API tokens: creating, revoking and noting their use."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learnloop.accounts.models import User
from learnloop.api.models import ApiToken
from learnloop.lib.tokens import hash_token, new_token

PREFIX = "ll_"
HINT_LENGTH = 8  # "ll_" and five random characters
MAX_NAME_LENGTH = 100
MAX_ACTIVE_TOKENS = 50
# last_used_at is written at most this often per token, not on every request.
USE_RECORDING_INTERVAL = timedelta(minutes=1)


class ApiTokenError(Exception):
    """A token that cannot be created; the message says why, in the user's words."""


@dataclass(frozen=True)
class NewApiToken:
    """A token just made: the only moment its secret exists outside the client."""

    token: ApiToken
    secret: str


def make_secret() -> str:
    return PREFIX + new_token()


def do_create_api_token(user: User, name: str) -> NewApiToken:
    name = " ".join(name.split())
    if not name:
        raise ApiTokenError(_("Give the token a name, so that you can tell it apart later."))
    if len(name) > MAX_NAME_LENGTH:
        raise ApiTokenError(
            _("The name is too long: at most %(n)s characters.") % {"n": MAX_NAME_LENGTH}
        )
    if not user.is_active:
        raise ApiTokenError(_("This account is deactivated and cannot have API tokens."))
    with transaction.atomic():
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise ApiTokenError(
                _("You already have %(n)s active tokens. Revoke one you no longer use first.")
                % {"n": active}
            )
        secret = make_secret()
        token = ApiToken.objects.create(
            user=user, name=name, token_hash=hash_token(secret), hint=secret[:HINT_LENGTH]
        )
    return NewApiToken(token=token, secret=secret)


def do_revoke_api_token(token: ApiToken) -> ApiToken:
    """Revoke the token for good; revoking a revoked token changes nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def do_record_api_token_use(token: ApiToken) -> None:
    """Note when the token was last used, at most once a minute, so reads stay reads."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < USE_RECORDING_INTERVAL:
        return
    with transaction.atomic():
        # One conditional UPDATE: concurrent requests cannot move the time backwards.
        ApiToken.objects.filter(pk=token.pk).exclude(
            last_used_at__gt=now - USE_RECORDING_INTERVAL
        ).update(last_used_at=now)
    token.last_used_at = now
