"""The application's URLs plus a bare Django write view: the baseline for autosave."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST


@require_POST
def bare_write(request: HttpRequest, key: int) -> HttpResponse:
    """One upsert through the same middleware stack (sessions, CSRF, auth) and nothing else."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_bare_write (k, v) VALUES (%s, %s) "
            "ON CONFLICT (k) DO UPDATE SET v = excluded.v",
            [key, request.POST.get("comment", "")],
        )
    return HttpResponse("saved")


urlpatterns = [
    path("bench/bare-write/<int:key>/", bare_write),
    path("", include("learnloop.urls")),
]
