from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "learnloop.demo"
    label = "demo"
