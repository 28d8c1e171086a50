from django.urls import path

from learnloop.api import views

urlpatterns = [
    path("account/api-tokens/", views.list_tokens, name="api-list-tokens"),
    path("account/api-tokens/new/", views.create_token, name="api-create-token"),
    path("account/api-tokens/<int:token_id>/revoke/", views.revoke_token, name="api-revoke-token"),
]
