"""Sharing the findings back: redaction of comments, share releases and participants' responses.

A comment is an Answer with a non-empty `comment`. Before anything leaves the analysts' view,
names, email addresses and phone numbers in comments are replaced (Redaction), each change
reviewed and undoable. A ShareRelease, once published, is a frozen copy (ReleaseFinding rows,
the summary and the raw data as JSON): later edits of findings, comments or redactions never
change what participants were shown.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.learning_sessions.models import Answer, LearningSession, Participant


class RedactionReason(models.TextChoices):
    NAME = "name", _("name")
    EMAIL = "email", _("email address")
    PHONE = "phone", _("phone number")
    TERM = "term", _("term you added")
    GROUP = "group", _("group too small to be shown")


class RedactionStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    UNDONE = "undone", _("Undone")


# Words kept per change; longer matches (a very long address) are recognised by their start.
ORIGINAL_LENGTH = 300


class RedactionTerm(models.Model):
    """A word or phrase the analyst wants removed from every comment of the session."""

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="redaction_terms"
    )
    term = models.CharField(_("word or phrase"), max_length=200)
    replacement = models.CharField(_("replace with"), max_length=40, default="[removed]")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["term", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "term"], name="one_redaction_term")
        ]

    def __str__(self) -> str:
        return self.term


class Redaction(models.Model):
    """One change to one comment: ``comment[start:end]`` (``original``) becomes ``replacement``.

    Found by do_prepare_redactions(); an analyst reviews it (keeps or undoes it). ``occurrence``
    numbers the matches of the same text in the same comment, so that a re-scan recognises a
    change it found before and keeps the analyst's decision.
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="redactions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    original = models.CharField(max_length=ORIGINAL_LENGTH)
    occurrence = models.PositiveIntegerField(default=0)
    replacement = models.CharField(max_length=40)
    reason = models.CharField(max_length=10, choices=RedactionReason.choices)
    status = models.CharField(
        max_length=10, choices=RedactionStatus.choices, default=RedactionStatus.APPLIED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answer_id", "start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "original", "occurrence"], name="one_redaction_per_occurrence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.original} → {self.replacement}"

    @property
    def is_applied(self) -> bool:
        return self.status == RedactionStatus.APPLIED

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class ReleaseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ShareRelease(models.Model):
    """What is shared back with a session's participants, and when they may respond.

    While a draft, its contents are drawn live (the preview); publishing freezes them into
    ``summary``, ``raw_data`` and the release's ReleaseFinding rows.
    """

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="share_releases"
    )
    title = models.CharField(_("title"), max_length=200)
    message = models.TextField(_("message to participants"), blank=True)
    includes_summary = models.BooleanField(_("include the summary report"), default=True)
    includes_raw_data = models.BooleanField(_("include the anonymized raw data"), default=False)
    review_opens_at = models.DateTimeField(_("review opens"))
    review_closes_at = models.DateTimeField(_("review closes"))
    state = models.CharField(
        max_length=10, choices=ReleaseState.choices, default=ReleaseState.DRAFT
    )
    summary = models.JSONField(null=True, blank=True)
    raw_data = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # When the participants' emails were queued to go out (the review's opening, if later).
    notices_scheduled_for = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == ReleaseState.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.state == ReleaseState.DRAFT

    def review_is_open(self, now=None) -> bool:
        """Published, and now within the review period."""
        now = now or timezone.now()
        return self.is_published and self.review_opens_at <= now < self.review_closes_at


class ReleaseFinding(models.Model):
    """A finding as it was published: its words and its supporting quotes, already redacted.

    ``finding_id`` names the finding it was copied from (it may since have changed or gone).
    ``quotes`` is a list of {"text", "proof_point", "rating"}; no respondent, no group.
    """

    release = models.ForeignKey(ShareRelease, on_delete=models.CASCADE, related_name="findings")
    finding_id = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=40)
    kind_label = models.CharField(max_length=80)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    proof_points = models.JSONField(default=list)
    quotes = models.JSONField(default=list)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Reaction(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    NOT_SURE = "not_sure", _("Not sure")


class FindingResponse(models.Model):
    """One person's response to one published finding: through their personal link
    (``participant``) or signed in as a member (``user``); never both."""

    finding = models.ForeignKey(ReleaseFinding, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    response = models.CharField(_("your response"), max_length=10, choices=Reaction.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "participant"],
                condition=Q(participant__isnull=False),
                name="one_response_per_participant",
            ),
            models.UniqueConstraint(
                fields=["finding", "user"],
                condition=Q(user__isnull=False),
                name="one_response_per_member",
            ),
            models.CheckConstraint(
                condition=Q(participant__isnull=True, user__isnull=False)
                | Q(participant__isnull=False, user__isnull=True),
                name="response_by_participant_or_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_response_display()} on {self.finding_id}"


class ContributionKind(models.TextChoices):
    THEME = "theme", _("A theme I see")
    QUESTION = "question", _("A question")


class ParticipantContribution(models.Model):
    """A theme a participant sees in the release, or a question they ask."""

    release = models.ForeignKey(
        ShareRelease, on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContributionKind.choices)
    text = models.TextField(_("text"))
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class ReleaseNotice(models.Model):
    """A release announced to one participant by email, so the same one is never sent twice.

    The email carries a new personal link (kind "findings"); only its hash is stored, on the
    participant's links, never here.
    """

    release = models.ForeignKey(ShareRelease, on_delete=models.CASCADE, related_name="notices")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "participant"], name="one_notice_per_release_and_participant"
            )
        ]

    def __str__(self) -> str:
        return f"Release {self.release_id} announced to participant {self.participant_id}"


def open_release_exists() -> models.Exists:
    """An Exists() for annotating learning sessions: a published release is open for review."""
    now = timezone.now()
    return models.Exists(
        ShareRelease.objects.filter(
            session=models.OuterRef("pk"),
            state=ReleaseState.PUBLISHED,
            review_opens_at__lte=now,
            review_closes_at__gt=now,
        )
    )
