from django.urls import path

from learnloop.reports import views

REPORT = "o/<slug:slug>/sessions/<int:session_id>/report/"

urlpatterns = [
    path(REPORT, views.show_summary, name="reports-show-summary"),
    path(
        REPORT + "conversation-starters/",
        views.show_conversation_starters,
        name="reports-show-conversation-starters",
    ),
    path(REPORT + "groups/", views.show_groups, name="reports-show-groups"),
    path(
        REPORT + "proof-points/<int:proof_point_id>/",
        views.show_proof_point,
        name="reports-show-proof-point",
    ),
    path(
        REPORT + "respondents/<int:number>/", views.show_respondent, name="reports-show-respondent"
    ),
    path(REPORT + "download/report.xlsx", views.download_xlsx, name="reports-download-xlsx"),
    path(REPORT + "download/report.csv", views.download_csv, name="reports-download-csv"),
    path(REPORT + "download/report.json", views.download_json, name="reports-download-json"),
    path(REPORT + "download/report.pdf", views.download_pdf, name="reports-download-pdf"),
]
