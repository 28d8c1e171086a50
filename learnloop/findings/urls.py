from django.urls import path

from learnloop.findings import views

FINDINGS = "o/<slug:slug>/sessions/<int:session_id>/findings/"
FINDING = FINDINGS + "<int:finding_id>/"

urlpatterns = [
    path(FINDINGS, views.show_board, name="findings-show-board"),
    path(FINDINGS + "draft/", views.draft_findings, name="findings-draft-findings"),
    path(FINDINGS + "new/", views.create_finding, name="findings-create-finding"),
    path(FINDING + "edit/", views.edit_finding, name="findings-edit-finding"),
    path(FINDING + "delete/", views.delete_finding, name="findings-delete-finding"),
    path(FINDING + "move/", views.move_finding, name="findings-move-finding"),
    path(FINDING + "status/", views.mark_finding, name="findings-mark-finding"),
    path(FINDING + "comments/", views.edit_comments, name="findings-edit-comments"),
    path(FINDING + "comments/link/", views.link_comment, name="findings-link-comment"),
    path(
        FINDING + "comments/<int:answer_id>/unlink/",
        views.unlink_comment,
        name="findings-unlink-comment",
    ),
]
