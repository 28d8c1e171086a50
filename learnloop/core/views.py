from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from learnloop.organizations.access import organizations_for


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the application and its database answer; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    memberships = organizations_for(request.user)
    if len(memberships) == 1:
        return redirect("organizations-show-organization", slug=memberships[0].organization.slug)
    return render(request, "core/home.html", {"memberships": memberships})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A plain explanation instead of Django's technical CSRF page."""
    return render(request, "403_csrf.html", status=403)
