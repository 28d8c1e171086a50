from django.urls import path

from learnloop.rounds import views

ROUNDS = "o/<slug:slug>/sessions/<int:session_id>/rounds/"

urlpatterns = [
    path(ROUNDS + "new/", views.create_round, name="rounds-create-round"),
    path(ROUNDS + "compare/", views.show_comparison, name="rounds-show-comparison"),
    path(
        ROUNDS + "compare/comparison.csv",
        views.download_comparison,
        name="rounds-download-comparison",
    ),
    path(ROUNDS + "trend/", views.show_trend, name="rounds-show-trend"),
    path(ROUNDS + "mapping/", views.edit_mapping, name="rounds-edit-mapping"),
]
