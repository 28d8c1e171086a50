from django.urls import include, path

from learnloop.frameworks import views

# A version's pages live under <key>/v<version>/, so a framework may have any key, even
# "upload" or "starter-library", without hiding the pages below.
proof_point_patterns = [
    path("edit/", views.edit_proof_point, name="frameworks-edit-proof-point"),
    path("remove/", views.remove_proof_point, name="frameworks-remove-proof-point"),
]
principle_patterns = [
    path("edit/", views.edit_principle, name="frameworks-edit-principle"),
    path("remove/", views.remove_principle, name="frameworks-remove-principle"),
    path("proof-points/add/", views.add_proof_point, name="frameworks-add-proof-point"),
    path("proof-points/<slug:proof_point_key>/", include(proof_point_patterns)),
]
module_patterns = [
    path("edit/", views.edit_module, name="frameworks-edit-module"),
    path("remove/", views.remove_module, name="frameworks-remove-module"),
    path("principles/add/", views.add_principle, name="frameworks-add-principle"),
    path("principles/<slug:principle_key>/", include(principle_patterns)),
]
version_patterns = [
    path("", views.show_framework, name="frameworks-show-framework"),
    path("download/", views.download_framework, name="frameworks-download-framework"),
    path("edit/", views.edit_framework, name="frameworks-edit-framework"),
    path("modules/add/", views.add_module, name="frameworks-add-module"),
    path("modules/<slug:module_key>/", include(module_patterns)),
]

urlpatterns = [
    path("o/<slug:slug>/frameworks/", views.list_frameworks, name="frameworks-list-frameworks"),
    path(
        "o/<slug:slug>/frameworks/upload/",
        views.upload_framework,
        name="frameworks-upload-framework",
    ),
    path(
        "o/<slug:slug>/frameworks/starter-library/",
        views.list_starters,
        name="frameworks-list-starters",
    ),
    path(
        "o/<slug:slug>/frameworks/starter-library/add/",
        views.add_starter,
        name="frameworks-add-starter",
    ),
    path(
        "o/<slug:slug>/frameworks/<slug:key>/latest/",
        views.show_latest_framework,
        name="frameworks-show-latest-framework",
    ),
    path("o/<slug:slug>/frameworks/<slug:key>/v<int:version>/", include(version_patterns)),
]
