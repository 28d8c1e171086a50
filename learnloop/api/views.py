"""The page where a signed-in person creates and revokes their personal API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learnloop.api.access import access_api_token, tokens_of
from learnloop.api.actions import ApiTokenError, do_create_api_token, do_revoke_api_token
from learnloop.api.forms import ApiTokenForm

LIST = "api-list-tokens"


def _list_page(request: HttpRequest, form: ApiTokenForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "tokens": tokens_of(request.user)}
    return render(request, "api/list_tokens.html", context, status=status)


@login_required
@require_safe
def list_tokens(request: HttpRequest) -> HttpResponse:
    return _list_page(request, ApiTokenForm())


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            created = do_create_api_token(request.user, form.cleaned_data["name"])
        except ApiTokenError as error:
            form.add_error("name", str(error))
        else:
            # Shown in this response only: never stored, never put in a message or a redirect.
            api_url = settings.BASE_URL + reverse("api-v1:list_organizations")
            context = {"created": created, "api_url": api_url}
            response = render(request, "api/token_created.html", context)
            add_never_cache_headers(response)
            return response
    return _list_page(request, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access_api_token(request.user, token_id)
    if request.method == "POST":
        do_revoke_api_token(token)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect(LIST)
    return render(request, "api/revoke_token.html", {"token": token})
