from django.urls import path

from learnloop.organizations import views

P = "o/<slug:slug>/"

urlpatterns = [
    path("new-organization/", views.create_organization, name="organizations-create-organization"),
    path(P, views.show_organization, name="organizations-show-organization"),
    path(P + "people/", views.list_people, name="organizations-list-people"),
    path(P + "people/new/", views.create_person, name="organizations-create-person"),
    path(P + "people/<int:person_id>/", views.edit_person, name="organizations-edit-person"),
    path(
        P + "people/<int:person_id>/delete/",
        views.delete_person,
        name="organizations-delete-person",
    ),
    path(P + "people/import/", views.import_people, name="organizations-import-people"),
    path(P + "people/import/confirm/", views.confirm_import, name="organizations-confirm-import"),
    path(
        P + "people/import/template.<str:file_format>",
        views.download_people_template,
        name="organizations-download-people-template",
    ),
    path(P + "groups/", views.list_groups, name="organizations-list-groups"),
    path(P + "groups/new/", views.create_group, name="organizations-create-group"),
    path(P + "groups/<int:group_id>/", views.rename_group, name="organizations-rename-group"),
    path(
        P + "groups/<int:group_id>/delete/", views.delete_group, name="organizations-delete-group"
    ),
    path(P + "members/", views.list_members, name="organizations-list-members"),
    path(P + "members/new/", views.add_member, name="organizations-add-member"),
    path(
        P + "members/<int:membership_id>/role/",
        views.change_role,
        name="organizations-change-role",
    ),
    path(
        P + "members/<int:membership_id>/remove/",
        views.remove_member,
        name="organizations-remove-member",
    ),
]
