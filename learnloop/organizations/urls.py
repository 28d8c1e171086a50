from django.urls import path

from learnloop.organizations import views

urlpatterns = [
    path("new-organization/", views.create_organization, name="organizations-create-organization"),
    path("o/<slug:slug>/", views.show_organization, name="organizations-show-organization"),
    path("o/<slug:slug>/people/", views.list_people, name="organizations-list-people"),
]
