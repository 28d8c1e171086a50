from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.analytics.classify import Thresholds
from learnloop.frameworks.models import Framework, Module, ProofPoint, RatingScale
from learnloop.organizations.models import Group, Organization, Person


class Purpose(models.TextChoices):
    DEEP_DIVE = "deep_dive", _("A one-time deep dive")
    MODULE_REVIEW = "module_review", _("Recurring module reviews")


class Anonymity(models.TextChoices):
    NAMED = "named", _("Named")
    CONFIDENTIAL = "confidential", _("Confidential")
    ANONYMOUS = "anonymous", _("Anonymous")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class LearningSession(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="learning_sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.DEEP_DIVE
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="learning_sessions"
    )
    modules = models.ManyToManyField(Module, related_name="learning_sessions")
    scale = models.ForeignKey(
        RatingScale, on_delete=models.PROTECT, related_name="learning_sessions"
    )
    administrator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="administered_sessions",
    )
    anonymity = models.CharField(
        _("anonymity"), max_length=20, choices=Anonymity.choices, default=Anonymity.CONFIDENTIAL
    )
    min_group_size = models.PositiveSmallIntegerField(_("minimum group size"), default=3)
    intro_process = models.TextField(_("what the process is"), blank=True)
    intro_why = models.TextField(_("why we are doing it"), blank=True)
    intro_who = models.TextField(_("who is involved"), blank=True)
    intro_next = models.TextField(_("what happens next"), blank=True)
    intro_privacy = models.TextField(_("who will see the responses"), blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Anonymous mode: the hash of the one open link everyone uses.
    open_link_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # Anonymous mode: the groups the open link offers; none chosen offers every group.
    open_link_groups = models.ManyToManyField(
        Group, blank=True, related_name="+", verbose_name=_("groups respondents can choose")
    )
    # Report thresholds (SPEC section 5); they change only how reports classify, so they may
    # change at any time. An empty met level places it on the scale (4 of 5 levels).
    met_level = models.PositiveSmallIntegerField(
        _("level that counts as met"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the usual choice: 4 on a five-level scale."),
    )
    met_share_percent = models.PositiveSmallIntegerField(
        _("share rating met for 'met' (%)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "A proof point is met when at least this share rate it at the met level or above."
        ),
    )
    dissent_share_percent = models.PositiveSmallIntegerField(
        _("most rating low for 'met' (%)"),
        default=15,
        validators=[MaxValueValidator(100)],
        help_text=_("More than this share rating it low turns 'met' into 'needs attention'."),
    )
    low_share_percent = models.PositiveSmallIntegerField(
        _("share rating low for 'requires improvement' (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("A proof point requires improvement when more than this share rate it low."),
    )
    previous_round = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_rounds"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_anonymous(self) -> bool:
        return self.anonymity == Anonymity.ANONYMOUS

    @property
    def shows_names(self) -> bool:
        return self.anonymity == Anonymity.NAMED

    @property
    def privacy_statement(self) -> str:
        """What participants are told about who will see their responses, by anonymity mode."""
        statements = {
            Anonymity.NAMED: _(
                "Your name is shown with your ratings and comments to the session's "
                "administrators and facilitators. Results for a group are shown only when at "
                "least %(n)s people in it have answered."
            ),
            Anonymity.CONFIDENTIAL: _(
                "Learnloop knows who answered, so that you can be reminded, but your name is "
                "never shown in reports or exports: your ratings and comments appear only under "
                "your group, and only when at least %(n)s people in it have answered."
            ),
            Anonymity.ANONYMOUS: _(
                "This survey is anonymous: Learnloop does not know who you are. You choose your "
                "group, and results for a group are shown only when at least %(n)s people in it "
                "have answered. Comments are shown without names; avoid naming yourself in them."
            ),
        }
        return str(statements[Anonymity(self.anonymity)]) % {"n": self.min_group_size}

    def groups_to_choose_from(self) -> QuerySet[Group]:
        """The groups an anonymous respondent picks from: those chosen for the open link, or
        every group of the organization when none were chosen."""
        return self.open_link_groups.all() or self.organization.groups.all()

    def report_thresholds(self, levels: int) -> Thresholds:
        """The thresholds reports use for this session, on a scale of `levels` levels."""
        placed = Thresholds.for_scale(levels)
        values: dict = {
            "met_share": Fraction(self.met_share_percent, 100),
            "dissent_share": Fraction(self.dissent_share_percent, 100),
            "requires_improvement_share": Fraction(self.low_share_percent, 100),
        }
        if self.met_level is not None and 2 <= self.met_level <= levels:
            values["met_level"] = self.met_level
            values["low_level"] = min(placed.low_level, self.met_level - 1)
        return Thresholds.for_scale(levels, **values)

    @property
    def accepts_answers(self) -> bool:
        """Open, and not past its closing date."""
        if self.state != State.OPEN:
            return False
        return self.closes_at is None or timezone.now() < self.closes_at


class Participant(models.Model):
    """A person invited to a learning session, or one anonymous respondent."""

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="participations"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="participants"
    )
    modules = models.ManyToManyField(Module, related_name="participants")
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(person__isnull=False),
                name="one_participation_per_person",
            )
        ]

    def __str__(self) -> str:
        if self.person_id and not self.session.is_anonymous:
            return str(self.person)
        return f"Participant {self.pk}"

    @property
    def has_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def has_working_link(self) -> bool:
        """At least one of the participant's links was issued and not revoked.

        Uses the `working_links` count when the query annotated it (queries.with_link_counts),
        so a list of participants costs no query per row.
        """
        if hasattr(self, "working_links"):
            return self.working_links > 0
        return self.links.filter(revoked_at__isnull=True).exists()


class LinkKind(models.TextChoices):
    """How a personal link came to be issued."""

    INVITATION = "invitation", _("invitation email")
    REMINDER = "reminder", _("reminder email")
    COPIED = "copied", _("copied by an administrator")
    ANONYMOUS = "anonymous", _("joined through the open link")
    DEMO = "demo", _("printed by learnloop demo")
    EARLIER = "earlier", _("issued by an earlier version of Learnloop")
    FINDINGS = "findings", _("findings email")


class ParticipantLink(models.Model):
    """One personal link of a participant. Only the hash of its random token is stored.

    A participant may hold several working links at once (the invitation, each reminder, a
    copied link), all leading to the same answers, so a new email never breaks the link in an
    older one. A revoked link keeps its hash so the survey can say it was withdrawn rather than
    that it never existed.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} link of participant {self.participant_id}"


class Answer(models.Model):
    """One participant's rating and comment on one proof point.

    `code` is the scale choice code (1..K levels, 0 don't know, below 0 other non-ordinal
    answers) or null when only a comment has been written. `session` and `group` copy the
    participant's so the report count query is one GROUP BY with no join.
    """

    # The participant keeps its narrow index: PostgreSQL finds who answered (the reports'
    # respondents per group) twice as fast with it as through the one_answer constraint. The
    # session has none of its own: the answer_counts index leads with it, and every autosave
    # would otherwise keep one more index up to date.
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proof_point = models.ForeignKey(ProofPoint, on_delete=models.PROTECT, related_name="answers")
    code = models.SmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "proof_point"], name="one_answer")
        ]
        indexes = [
            models.Index(fields=["session", "proof_point", "group", "code"], name="answer_counts")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}/{self.proof_point_id}: {self.code}"
