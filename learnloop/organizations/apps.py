from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "learnloop.organizations"
    label = "organizations"
