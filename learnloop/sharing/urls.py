from django.urls import path

from learnloop.sharing import views

SHARING = "o/<slug:slug>/sessions/<int:session_id>/sharing/"
RELEASE = SHARING + "releases/<int:release_id>/"
SHARED = "o/<slug:slug>/sessions/<int:session_id>/shared/"
# A participant's personal link: beside the survey's s/<token>/ addresses, which never use
# "findings/" (learnloop/survey/urls.py).
BY_LINK = "s/<str:token>/findings/"

urlpatterns = [
    path(SHARING, views.show_sharing, name="sharing-show-sharing"),
    path(SHARING + "redactions/", views.review_redactions, name="sharing-review-redactions"),
    path(SHARING + "redactions/scan/", views.scan_redactions, name="sharing-scan-redactions"),
    path(SHARING + "redactions/keep/", views.keep_redactions, name="sharing-keep-redactions"),
    path(
        SHARING + "redactions/<int:redaction_id>/undo/",
        views.undo_redaction,
        name="sharing-undo-redaction",
    ),
    path(
        SHARING + "redactions/<int:redaction_id>/redo/",
        views.redo_redaction,
        name="sharing-redo-redaction",
    ),
    path(SHARING + "terms/", views.add_term, name="sharing-add-term"),
    path(SHARING + "terms/<int:term_id>/remove/", views.remove_term, name="sharing-remove-term"),
    path(SHARING + "releases/new/", views.create_release, name="sharing-create-release"),
    path(RELEASE + "edit/", views.edit_release, name="sharing-edit-release"),
    path(RELEASE, views.preview_release, name="sharing-preview-release"),
    path(RELEASE + "publish/", views.publish_release, name="sharing-publish-release"),
    path(RELEASE + "notify/", views.notify_participants, name="sharing-notify-participants"),
    path(RELEASE + "withdraw/", views.withdraw_release, name="sharing-withdraw-release"),
    path(RELEASE + "responses/", views.show_responses, name="sharing-show-responses"),
    path(RELEASE + "pack.pdf", views.download_pack, name="sharing-download-pack"),
    path(RELEASE + "raw-data.csv", views.download_raw_data, name="sharing-download-raw-data"),
    path(SHARED, views.show_shared, name="sharing-show-shared"),
    path(
        SHARED + "findings/<int:finding_id>/",
        views.respond_to_shared_finding,
        name="sharing-respond-to-shared-finding",
    ),
    path(
        SHARED + "contributions/",
        views.add_shared_contribution,
        name="sharing-add-shared-contribution",
    ),
    path(SHARED + "pack.pdf", views.download_shared_pack, name="sharing-download-shared-pack"),
    path(
        SHARED + "raw-data.csv",
        views.download_shared_raw_data,
        name="sharing-download-shared-raw-data",
    ),
    path(BY_LINK, views.show_release, name="sharing-show-release"),
    path(
        BY_LINK + "<int:finding_id>/",
        views.respond_to_finding,
        name="sharing-respond-to-finding",
    ),
    path(BY_LINK + "contributions/", views.add_contribution, name="sharing-add-contribution"),
    path(BY_LINK + "pack.pdf", views.download_release_pack, name="sharing-download-release-pack"),
    path(
        BY_LINK + "raw-data.csv",
        views.download_release_raw_data,
        name="sharing-download-release-raw-data",
    ),
]
