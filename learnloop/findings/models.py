"""The findings board of a learning session: what the analysts conclude, and what backs it.

A finding links the proof points it is about and the comments (answers with a non-empty
comment) that substantiate it. Every linked comment belongs to the finding's own session: the
actions refuse any other, and ``FindingComment.save`` refuses it again as a last guard.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Answer, LearningSession


class Kind(models.TextChoices):
    """The sections of the board, in the order they are shown."""

    STRENGTH = "strength", _("Strength")
    IMPROVEMENT_AREA = "improvement_area", _("Improvement area")
    MISALIGNMENT = "misalignment", _("Misalignment")
    THEME = "theme", _("Theme")
    SUGGESTION = "suggestion", _("Suggestion")
    QUESTION = "question", _("Question needing an answer")


KIND_ORDER = {kind.value: index for index, kind in enumerate(Kind)}


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready to share")


class Source(models.TextChoices):
    DRAFTED = "drafted", _("Drafted from the data")
    WRITTEN = "written", _("Written by an analyst")


class Finding(models.Model):
    """One finding. ``draft_key`` names what a drafted finding was drafted from (such as
    "strength:pp12"), so a new draft refreshes it in place; ``edited_at`` is set the first
    time an analyst changes it, after which no draft touches it again."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("what we found"), blank=True)
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.WRITTEN
    )
    draft_key = models.CharField(max_length=80, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    proof_points = models.ManyToManyField(
        ProofPoint, blank=True, related_name="findings", verbose_name=_("proof points")
    )
    comments = models.ManyToManyField(
        Answer, through="FindingComment", related_name="findings", blank=True
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "draft_key"],
                condition=~models.Q(draft_key=""),
                name="one_finding_per_draft_key",
            )
        ]
        indexes = [models.Index(fields=["session", "kind", "position"], name="finding_order")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.status == Status.READY

    @property
    def is_untouched_draft(self) -> bool:
        """Drafted from the data and never changed by an analyst: a new draft may replace it."""
        return self.source == Source.DRAFTED and self.edited_at is None


class FindingComment(models.Model):
    """A comment supporting a finding. ``quote`` is the supporting text: the whole comment or
    a span of it, kept as it was when linked."""

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="supporting_comments"
    )
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="finding_links")
    quote = models.TextField(_("quote"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "answer"], name="one_link_per_comment")
        ]

    def __str__(self) -> str:
        return f"Answer {self.answer_id} supports finding {self.finding_id}"

    def save(self, *args, **kwargs) -> None:
        # The actions check this with a message for the analyst; this guard makes sure no
        # other code path can ever link a comment of another session.
        if self.answer.session_id != self.finding.session_id:
            raise ValueError("A finding can only link comments of its own learning session.")
        super().save(*args, **kwargs)

    @property
    def quote_still_in_comment(self) -> bool:
        """False when the participant has since changed the comment the quote came from."""
        return " ".join(self.quote.split()) in " ".join(self.answer.comment.split())


class DismissedDraft(models.Model):
    """A drafted finding the analyst deleted: the next draft does not bring it back."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="+")
    draft_key = models.CharField(max_length=80)
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "draft_key"], name="one_dismissal_per_draft_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft_key} dismissed in session {self.session_id}"
