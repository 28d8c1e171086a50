"""Discussion sessions: the facilitated conversation that follows a learning session.

A discussion belongs to one learning session. Its agenda is drafted from the session's findings
and edited by the facilitator; the people in the room place votes on findings or proof points to
pick the most pressing problems; each chosen problem gets its root causes (a five-whys chain, a
fishbone, or both); notes and decisions are captured as the conversation goes.

Everything a discussion links (findings, proof points, people) belongs to the discussion's own
learning session and organization: the actions check it, and nothing here may point elsewhere.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.findings.models import Finding
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Person


class Discussion(models.Model):
    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="discussions"
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_discussions",
        verbose_name=_("facilitator"),
    )
    votes_per_person = models.PositiveSmallIntegerField(_("votes per person"), default=3)
    voting_open = models.BooleanField(_("voting open"), default=False)
    # The drafted agenda items the facilitator removed: a new draft does not bring them back.
    dismissed_agenda_keys = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class DiscussionParticipant(models.Model):
    """A person in the room. ``token_hash`` is the hash of their personal voting link (people
    need no login to vote); a person with a login may also vote while signed in."""

    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "person"], name="one_place_per_person_per_discussion"
            )
        ]

    def __str__(self) -> str:
        return str(self.person)


class AgendaSection(models.TextChoices):
    """The agenda's sections, in the order a discussion takes them."""

    STRENGTHS = "strengths", _("Celebrate strengths")
    ACTION_REVIEW = "action_review", _("Review open actions")
    PROBLEMS = "problems", _("Most pressing problems")
    MISALIGNMENTS = "misalignments", _("Misalignments")
    QUESTIONS = "questions", _("Open questions")
    OTHER = "other", _("Other")


class AgendaItem(models.Model):
    """One item of the agenda. ``draft_key`` names what a drafted item was drafted from (such
    as "finding:12" or "strength:pp:5"), so a new draft refreshes it in place; ``edited_at`` is
    set when the facilitator changes it, after which no draft touches it again."""

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="agenda")
    section = models.CharField(_("section"), max_length=20, choices=AgendaSection.choices)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    position = models.PositiveIntegerField(default=0)
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proof_point = models.ForeignKey(
        ProofPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft_key = models.CharField(max_length=60, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_untouched_draft(self) -> bool:
        return bool(self.draft_key) and self.edited_at is None


class Vote(models.Model):
    """One vote by one person in the room, on a finding or on a proof point (never both). A
    person may place several of their votes on the same thing."""

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        DiscussionParticipant, on_delete=models.CASCADE, related_name="votes"
    )
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    proof_point = models.ForeignKey(
        ProofPoint, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(finding__isnull=False) & Q(proof_point__isnull=True))
                | (Q(finding__isnull=True) & Q(proof_point__isnull=False)),
                name="vote_on_one_thing",
            )
        ]
        indexes = [models.Index(fields=["discussion", "participant"], name="votes_by_person")]

    def __str__(self) -> str:
        return f"Vote {self.pk} in discussion {self.discussion_id}"


class Problem(models.Model):
    """A problem the room chose to work on: usually the finding or proof point with the most
    votes, in the facilitator's words."""

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="problems")
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proof_points = models.ManyToManyField(
        ProofPoint, blank=True, related_name="+", verbose_name=_("proof points")
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Why(models.Model):
    """One step of a problem's five-whys chain: step 1 answers "why does the problem happen?",
    each later step asks why of the one before."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="whys")
    step = models.PositiveSmallIntegerField(_("step"))
    text = models.TextField(_("because"))

    class Meta:
        ordering = ["step"]
        constraints = [models.UniqueConstraint(fields=["problem", "step"], name="one_why_per_step")]

    def __str__(self) -> str:
        return f"{self.step}. {self.text}"


class CauseCategory(models.TextChoices):
    """The usual fishbone (Ishikawa) categories, in words a nonprofit uses."""

    PEOPLE = "people", _("People")
    METHODS = "methods", _("Methods and processes")
    TOOLS = "tools", _("Tools and technology")
    MATERIALS = "materials", _("Money and materials")
    ENVIRONMENT = "environment", _("Environment")
    MEASUREMENT = "measurement", _("Measurement and information")


class Cause(models.Model):
    """A cause on a problem's fishbone."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="causes")
    category = models.CharField(_("category"), max_length=20, choices=CauseCategory.choices)
    text = models.CharField(_("cause"), max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class NoteKind(models.TextChoices):
    NOTE = "note", _("Note")
    DECISION = "decision", _("Decision")


class Note(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=10, choices=NoteKind.choices, default="note")
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
