"""Counts for the administrator's dashboard, computed by the database.

Each function is a fixed number of queries (GROUP BY / aggregate), whatever the number of
participants or answers; tests assert the counts.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from learnloop.frameworks.models import Module
from learnloop.learning_sessions.models import Answer, LearningSession, Participant, ParticipantLink

STARTED = Q(started_at__isnull=False) | Q(submitted_at__isnull=False)
SUBMITTED = Q(submitted_at__isnull=False)
# A proof point counts as answered once it has a rating (or "don't know") or a comment.
ANSWERED = Q(code__isnull=False) | ~Q(comment="")


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass
class Progress:
    total: int
    started: int
    submitted: int

    @property
    def submitted_percent(self) -> int:
        return percent(self.submitted, self.total)

    @property
    def started_percent(self) -> int:
        return percent(self.started, self.total)


@dataclass
class ModuleProgress:
    module: Module
    participants: int
    proof_points: int
    answered: int

    @property
    def expected(self) -> int:
        return self.participants * self.proof_points

    @property
    def answered_percent(self) -> int:
        return percent(self.answered, self.expected)


@dataclass
class GroupProgress:
    name: str
    progress: Progress
    hidden: bool  # fewer participants than the session's minimum group size


def session_progress(session: LearningSession) -> Progress:
    """Participants in all, those who started and those who submitted: one query."""
    counts = session.participants.aggregate(
        total=Count("pk"),
        started=Count("pk", filter=STARTED),
        submitted=Count("pk", filter=SUBMITTED),
    )
    return Progress(**counts)


def module_progress(session: LearningSession) -> list[ModuleProgress]:
    """Answered vs expected proof points per module: three queries.

    Expected is (participants answering the module) x (its proof points). In anonymous mode
    respondents choose only a group, so every respondent answers every module of the session.
    """
    modules = list(
        session.modules.annotate(n_proof_points=Count("proof_points")).order_by("position", "pk")
    )
    answers = Answer.objects.filter(ANSWERED, session=session)
    if session.is_anonymous:
        everyone = session.participants.count()
        assigned = {m.pk: everyone for m in modules}
    else:
        assigned = dict(
            Participant.modules.through.objects.filter(participant__session=session)
            .values("module_id")
            .annotate(n=Count("participant_id"))
            .values_list("module_id", "n")
        )
        # Only answers in a module the participant answers for count toward it.
        answers = answers.filter(participant__modules=F("proof_point__module"))
    answered = dict(
        answers.values("proof_point__module_id")
        .annotate(n=Count("pk"))
        .values_list("proof_point__module_id", "n")
    )
    return [
        ModuleProgress(m, assigned.get(m.pk, 0), m.n_proof_points, answered.get(m.pk, 0))
        for m in modules
    ]


def group_progress(session: LearningSession) -> list[GroupProgress]:
    """Progress per reporting group, small groups hidden: one query."""
    rows = (
        session.participants.values("group_id", "group__name")
        .annotate(
            total=Count("pk"),
            started=Count("pk", filter=STARTED),
            submitted=Count("pk", filter=SUBMITTED),
        )
        .order_by(F("group__name").asc(nulls_last=True))
    )
    result = []
    for row in rows:
        progress = Progress(row["total"], row["started"], row["submitted"])
        hidden = progress.total < session.min_group_size
        result.append(GroupProgress(row["group__name"] or "", progress, hidden))
    return result


def _count_links(**filters: object) -> Coalesce:
    links = (
        ParticipantLink.objects.filter(participant=OuterRef("pk"), **filters)
        .order_by()
        .values("participant")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(links, output_field=IntegerField()), 0)


def with_link_counts(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Each participant with `links_issued` and `working_links` (not revoked), counted by the
    database in the same query; Participant.has_working_link then reads the count."""
    return participants.annotate(
        links_issued=_count_links(), working_links=_count_links(revoked_at__isnull=True)
    )


WORKING_LINK = Exists(
    ParticipantLink.objects.filter(participant=OuterRef("pk"), revoked_at__isnull=True)
)


def not_finished(session: LearningSession) -> QuerySet[Participant]:
    """Invited people who have not submitted, by name, with their link counts: one query.
    Never for anonymous mode."""
    return with_link_counts(
        session.participants.filter(person__isnull=False, submitted_at__isnull=True)
        .select_related("person", "group")
        .order_by("person__name", "pk")
    )


def reminder_candidates(
    session: LearningSession, quiet_since: datetime | None = None
) -> QuerySet[Participant]:
    """People with a working link who have not submitted; optionally not contacted lately."""
    candidates = not_finished(session).filter(WORKING_LINK)
    if quiet_since is not None:
        candidates = candidates.exclude(invited_at__gt=quiet_since).exclude(
            reminded_at__gt=quiet_since
        )
    return candidates


def participants_overview(session: LearningSession) -> QuerySet[Participant]:
    """Every participant with person, group, modules, answer and link counts: two queries."""
    return with_link_counts(
        session.participants.select_related("person", "group")
        .prefetch_related("modules")
        .annotate(n_answers=Count("answers"))
        .order_by(F("person__name").asc(nulls_last=True), "pk")
    )
