from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "learnloop.survey"
    label = "survey"
