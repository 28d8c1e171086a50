from django.urls import path

from learnloop.frameworks import views

urlpatterns = [
    path("o/<slug:slug>/frameworks/", views.list_frameworks, name="frameworks-list-frameworks"),
]
