"""Suggested themes: comments of a learning session (or one of its modules) grouped by what
they talk about (learnloop/lib/themes.py). Analysts rename, merge, split, discard and accept
them; an accepted theme becomes a code of the session's codebook (learnloop.analysis)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.analysis.models import Code
from learnloop.frameworks.models import Module
from learnloop.learning_sessions.models import Answer, LearningSession


class ThemeRun(models.Model):
    """One "Suggest themes" over a scope: the whole session (module null) or one module."""

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="theme_runs"
    )
    module = models.ForeignKey(
        Module, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment_count = models.PositiveIntegerField(default=0)
    unthemed_count = models.PositiveIntegerField(default=0)
    requested_themes = models.PositiveSmallIntegerField(null=True, blank=True)
    # Why the run found no theme (learnloop.lib.themes reasons), "" when it found some.
    reason = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Themes of {self.session} ({self.module or 'whole session'})"


class ThemeStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    ACCEPTED = "accepted", _("Accepted")
    DISCARDED = "discarded", _("Discarded")


class Theme(models.Model):
    """A group of comments. Only suggested themes change; an accepted one is a code."""

    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="themes")
    label = models.CharField(_("name"), max_length=120)
    key_terms = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ThemeStatus.choices, default=ThemeStatus.SUGGESTED
    )
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.SET_NULL, related_name="themes"
    )
    position = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_suggested(self) -> bool:
        return self.status == ThemeStatus.SUGGESTED


class ThemeMember(models.Model):
    """A comment in a theme; `score` is its closeness to the theme's centre (0 to 1)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="members")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="theme_members")
    score = models.FloatField(default=0)
    is_representative = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "answer"], name="one_membership_per_theme")
        ]

    def __str__(self) -> str:
        return f"Answer {self.answer_id} in {self.theme}"
