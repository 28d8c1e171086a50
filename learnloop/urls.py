from django.contrib import admin
from django.urls import include, path

from learnloop.api.api import api

urlpatterns = [
    # The survey comes first: autosave is the busiest URL, and Django tries patterns in order.
    path("s/", include("learnloop.survey.urls")),
    path("", include("learnloop.core.urls")),
    path("accounts/", include("learnloop.accounts.urls")),
    path("", include("learnloop.organizations.urls")),
    path("", include("learnloop.frameworks.urls")),
    path("", include("learnloop.learning_sessions.urls")),
    path("", include("learnloop.reports.urls")),
    path("", include("learnloop.themes.urls")),
    path("", include("learnloop.analysis.urls")),
    path("", include("learnloop.findings.urls")),
    path("", include("learnloop.sharing.urls")),
    path("", include("learnloop.discussions.urls")),
    path("", include("learnloop.plan.urls")),
    path("", include("learnloop.rounds.urls")),
    path("api/v1/", api.urls),
    path("", include("learnloop.api.urls")),
    path("django-admin/", admin.site.urls),
]
