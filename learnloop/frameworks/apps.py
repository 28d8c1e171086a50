from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "learnloop.frameworks"
    label = "frameworks"
