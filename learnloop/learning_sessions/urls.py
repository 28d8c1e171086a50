from django.urls import path

from learnloop.learning_sessions.views import links, participants, sessions

SESSION = "o/<slug:slug>/sessions/<int:session_id>/"
PARTICIPANT = SESSION + "participants/<int:participant_id>/"

urlpatterns = [
    path("o/<slug:slug>/sessions/", sessions.list_sessions, name="sessions-list-sessions"),
    path("o/<slug:slug>/sessions/new/", sessions.create_session, name="sessions-create-session"),
    path(SESSION, sessions.show_session, name="sessions-show-session"),
    path(SESSION + "edit/", sessions.edit_session, name="sessions-edit-session"),
    path(SESSION + "open/", sessions.open_session, name="sessions-open-session"),
    path(SESSION + "close/", sessions.close_session, name="sessions-close-session"),
    path(
        SESSION + "participants/",
        participants.list_participants,
        name="sessions-list-participants",
    ),
    path(
        SESSION + "participants/add/",
        participants.add_participants,
        name="sessions-add-participants",
    ),
    path(PARTICIPANT + "edit/", participants.edit_participant, name="sessions-edit-participant"),
    path(
        PARTICIPANT + "remove/",
        participants.remove_participant,
        name="sessions-remove-participant",
    ),
    path(PARTICIPANT + "copy-link/", links.copy_link, name="sessions-copy-link"),
    path(PARTICIPANT + "revoke-link/", links.revoke_link, name="sessions-revoke-link"),
    path(SESSION + "invitations/", participants.send_invitations, name="sessions-send-invitations"),
    path(SESSION + "reminders/", participants.send_reminders, name="sessions-send-reminders"),
    path(SESSION + "open-link/", links.create_open_link, name="sessions-create-open-link"),
]
