"""Whose API tokens a person may see and revoke: only their own."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from learnloop.accounts.models import User
from learnloop.api.models import ApiToken


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-pk"))


def access_api_token(user: User | AnonymousUser, token_id: int) -> ApiToken:
    """One of the user's own tokens, or 404: someone else's token id finds nothing."""
    if not user.is_authenticated:
        raise Http404
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise Http404
    return token
