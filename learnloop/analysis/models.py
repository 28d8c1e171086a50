"""The codebook of a learning session, codes applied to comments, and suggested codes.

A comment is an Answer with a non-empty `comment`. Codes belong to one learning session;
a code applied to a comment of another session is refused by the actions.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.learning_sessions.models import Answer, LearningSession


class CodeKind(models.TextChoices):
    """The seven starting codes of every codebook, and codes analysts add themselves."""

    THEME = "theme", _("Theme")
    STRENGTH = "strength", _("Strength")
    MISUNDERSTANDING = "misunderstanding", _("Misunderstanding or confusion")
    POOR_COMMUNICATION = "poor_communication", _("Poor communication")
    GAP = "gap", _("Gap or difference of opinion")
    SUGGESTION = "suggestion", _("Suggestion")
    QUESTION = "question", _("Question")
    CUSTOM = "custom", _("Custom")


class SuggestionKind(models.TextChoices):
    """What the rule-based suggesters look for (learnloop/lib/suggest.py)."""

    QUESTION = "question", _("Question")
    SUGGESTION = "suggestion", _("Suggestion")
    MISUNDERSTANDING = "misunderstanding", _("Possible misunderstanding")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Codebook(models.Model):
    """Marks that a session's codebook was started, so the starting codes are created once:
    a starting code an analyst deletes is not created again the next time the codebook opens."""

    session = models.OneToOneField(
        LearningSession, on_delete=models.CASCADE, related_name="codebook"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Codebook of {self.session}"


class Code(models.Model):
    """One code of a session's codebook. A merged code keeps its row, pointing at the code it
    was merged into, so that a finding or theme that named it can still be traced."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="codes")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CodeKind.choices, default=CodeKind.CUSTOM
    )
    description = models.TextField(_("description"), blank=True)
    color = models.CharField(_("colour"), max_length=7, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_codes"
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "name"],
                condition=Q(merged_into__isnull=True),
                name="one_active_code_name_per_session",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.merged_into_id is None


class CodeApplication(models.Model):
    """A code applied to a whole comment (start and end null) or to a highlighted span of it.

    `start`/`end` are character offsets into the comment as it was when coded; `quote` keeps
    the span's text so that a later edit of the comment does not lose what was highlighted.
    """

    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="applications")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="code_applications")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "answer", "start", "end"], name="one_application_per_span"
            ),
            # NULLs are distinct in a unique constraint: one whole-comment application per code.
            models.UniqueConstraint(
                fields=["code", "answer"],
                condition=Q(start__isnull=True),
                name="one_whole_comment_application",
            ),
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True))
                | (Q(start__isnull=False) & Q(end__isnull=False) & Q(end__gt=models.F("start"))),
                name="application_span_is_whole_or_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} on answer {self.answer_id}"

    @property
    def is_span(self) -> bool:
        return self.start is not None


class CodeSuggestion(models.Model):
    """A code the rule-based suggesters propose for a comment, never applied until accepted."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="code_suggestions")
    kind = models.CharField(_("kind"), max_length=20, choices=SuggestionKind.choices)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "kind"], name="one_suggestion_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for answer {self.answer_id}: {self.status}"
