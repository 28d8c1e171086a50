from django.urls import path

from learnloop.survey import views

# Autosave first: it is requested on every change a participant makes.
urlpatterns = [
    path(
        "<str:token>/answers/<int:proof_point_id>/",
        views.save_answer,
        name="survey-save-answer",
    ),
    path("open/<str:token>/", views.join_session, name="survey-join-session"),
    path("<str:token>/", views.show_introduction, name="survey-show-introduction"),
    path("<str:token>/modules/<int:module_id>/", views.show_module, name="survey-show-module"),
    path("<str:token>/review/", views.review_answers, name="survey-review-answers"),
    path("<str:token>/worksheet.xlsx", views.download_worksheet, name="survey-download-worksheet"),
    path("<str:token>/worksheet/", views.upload_worksheet, name="survey-upload-worksheet"),
]
