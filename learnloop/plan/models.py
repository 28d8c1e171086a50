"""The improvement plan: actions an organization takes on what its learning sessions found.

An action belongs to the learning session it came out of (and so to that session's
organization), may name the discussion problem it addresses and the proof points it is meant to
move, and has one owner among the organization's people. Open actions are carried into the next
discussion session, where each is reviewed (``ActionReview``). Reminders to owners are logged
(``ActionReminder``) so that no owner is reminded twice of the same thing.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.discussions.models import Discussion, Problem
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Organization, Person


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class Action(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="actions")
    session = models.ForeignKey(
        LearningSession,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("learning session"),
    )
    problem = models.ForeignKey(
        Problem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("problem it addresses"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what will be done"), blank=True)
    proof_points = models.ManyToManyField(
        ProofPoint, blank=True, related_name="actions", verbose_name=_("proof points")
    )
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["organization", "status", "due_on"], name="actions_by_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


class ProgressNote(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_notes")
    text = models.TextField(_("progress"))
    status = models.CharField(
        _("status after this note"), max_length=20, choices=ActionStatus.choices, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionReview(models.Model):
    """An open action reviewed in a discussion session: where it stood, and what was said."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reviews")
    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="action_reviews"
    )
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    note = models.TextField(_("what was said"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reviewed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "discussion"], name="one_review_per_action_per_discussion"
            )
        ]

    def __str__(self) -> str:
        return f"Review of action {self.action_id} in discussion {self.discussion_id}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class ActionReminder(models.Model):
    """A reminder sent to an action's owner, so the same one is never sent twice: one "due
    soon" per due date, and one "overdue" per due date (a new due date allows new ones)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    due_on = models.DateField()
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_on"], name="one_reminder_per_kind_and_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for action {self.action_id}"
