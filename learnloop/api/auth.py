"""Bearer-token authentication for the API. Cookies are never looked at, so no CSRF applies."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from learnloop.accounts.models import User
from learnloop.api.actions import PREFIX, do_record_api_token_use
from learnloop.api.models import ApiToken
from learnloop.lib.tokens import hash_token


def user_for_token(secret: str) -> User | None:
    """The active user behind an active token, or None: one query."""
    if not secret.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    do_record_api_token_use(token)
    return token.user


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer ll_...`; request.auth becomes the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token.strip())
