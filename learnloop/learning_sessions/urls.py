from django.urls import path

from learnloop.learning_sessions import views

urlpatterns = [
    path("o/<slug:slug>/sessions/", views.list_sessions, name="sessions-list-sessions"),
    path(
        "o/<slug:slug>/sessions/<int:session_id>/",
        views.show_session,
        name="sessions-show-session",
    ),
]
