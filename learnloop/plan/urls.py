from django.urls import path

from learnloop.plan import views

PLAN = "o/<slug:slug>/sessions/<int:session_id>/plan/"
ACTION = PLAN + "<int:action_id>/"

urlpatterns = [
    path("o/<slug:slug>/plan/", views.list_actions, name="plan-list-actions"),
    path("o/<slug:slug>/plan/reminders/", views.send_reminders, name="plan-send-reminders"),
    path(PLAN, views.show_plan, name="plan-show-plan"),
    path(PLAN + "new/", views.create_action, name="plan-create-action"),
    path(ACTION, views.show_action, name="plan-show-action"),
    path(ACTION + "edit/", views.edit_action, name="plan-edit-action"),
    path(ACTION + "delete/", views.delete_action, name="plan-delete-action"),
    path(ACTION + "status/", views.change_status, name="plan-change-status"),
    path(ACTION + "notes/", views.add_note, name="plan-add-note"),
]
