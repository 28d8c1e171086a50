from django.apps import AppConfig


class LearningSessionsConfig(AppConfig):
    name = "learnloop.learning_sessions"
    label = "learning_sessions"
