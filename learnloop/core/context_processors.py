from django.conf import settings
from django.http import HttpRequest


def learnloop(request: HttpRequest) -> dict:
    return {"LEARNLOOP_VERSION": __import__("learnloop").__version__, "DEBUG": settings.DEBUG}
