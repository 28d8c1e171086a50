from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "learnloop.core"
    label = "core"

    def ready(self) -> None:
        from learnloop.core import checks  # noqa: F401  (registers the deployment checks)
