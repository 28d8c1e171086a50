from django.urls import path

from learnloop.analysis import views

CODING = "o/<slug:slug>/sessions/<int:session_id>/coding/"

urlpatterns = [
    path(CODING, views.show_coding, name="analysis-show-coding"),
    path(CODING + "codebook/", views.show_codebook, name="analysis-show-codebook"),
    path(CODING + "codebook/add/", views.add_code, name="analysis-add-code"),
    path(CODING + "codes/<int:code_id>/edit/", views.edit_code, name="analysis-edit-code"),
    path(CODING + "codes/<int:code_id>/merge/", views.merge_code, name="analysis-merge-code"),
    path(CODING + "codes/<int:code_id>/delete/", views.delete_code, name="analysis-delete-code"),
    path(
        CODING + "proof-points/<int:proof_point_id>/",
        views.show_proof_point_codes,
        name="analysis-show-proof-point-codes",
    ),
    path(
        CODING + "comments/<int:answer_id>/toggle/",
        views.toggle_code,
        name="analysis-toggle-code",
    ),
    path(CODING + "comments/<int:answer_id>/apply/", views.apply_code, name="analysis-apply-code"),
    path(
        CODING + "applications/<int:application_id>/remove/",
        views.remove_application,
        name="analysis-remove-application",
    ),
    path(
        CODING + "suggestions/generate/",
        views.generate_suggestions,
        name="analysis-generate-suggestions",
    ),
    path(
        CODING + "suggestions/<int:suggestion_id>/accept/",
        views.accept_suggestion,
        name="analysis-accept-suggestion",
    ),
    path(
        CODING + "suggestions/<int:suggestion_id>/reject/",
        views.reject_suggestion,
        name="analysis-reject-suggestion",
    ),
]
