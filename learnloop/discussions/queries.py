"""What the discussion pages read, in a fixed number of queries however big the room.

Vote results are counted by the database (one ``GROUP BY`` per target); the room partial that
every voter's browser polls every two seconds costs four queries, and answers "nothing changed"
(204) when its fingerprint is the one the browser already shows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from learnloop.discussions.agenda import SECTION_ORDER, FindingRow
from learnloop.discussions.models import (
    AgendaItem,
    AgendaSection,
    Cause,
    CauseCategory,
    Discussion,
    DiscussionParticipant,
    Note,
    Problem,
    Vote,
    Why,
)
from learnloop.findings.models import Finding
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Person
from learnloop.plan.models import OPEN_STATUSES, Action, ActionReview
from learnloop.plan.queries import round_ids

# Sections whose linked findings and proof points are on the ballot: strengths are celebrated,
# not voted on as problems.
BALLOT_SECTIONS = (
    AgendaSection.PROBLEMS,
    AgendaSection.MISALIGNMENTS,
    AgendaSection.QUESTIONS,
    AgendaSection.OTHER,
)


def discussions_of(session: LearningSession) -> QuerySet[Discussion]:
    """The session's discussions, newest first, with their counts: one query."""
    return (
        Discussion.objects.filter(session=session)
        .select_related("facilitator")
        .annotate(
            people=Count("participants", distinct=True),
            problem_count=Count("problems", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )


def suggested_people(session: LearningSession) -> list[int]:
    """The people invited to the learning session: the default participants of a new
    discussion (none in anonymous mode, where nobody is known)."""
    return list(
        Person.objects.filter(participations__session=session, organization=session.organization)
        .order_by("name")
        .values_list("pk", flat=True)
    )


def finding_rows(session: LearningSession) -> list[FindingRow]:
    return [
        FindingRow(*row)
        for row in Finding.objects.filter(session=session)
        .order_by("position", "pk")
        .values_list("pk", "kind", "title", "body", "status", "position")
    ]


def session_proof_point_ids(session: LearningSession) -> set[int]:
    return set(
        ProofPoint.objects.filter(module__learning_sessions=session).values_list("pk", flat=True)
    )


# ---------------------------------------------------------------------------------------------
# Rounds and the open actions they carry


def carried_actions(discussion: Discussion) -> list[Action]:
    """The actions to review: the open actions (planned or in progress) of this learning
    session and its earlier rounds, and those already reviewed here (even if now done), with
    this discussion's review as ``review_here``: two queries."""
    session = discussion.session
    reviews = ActionReview.objects.filter(discussion=discussion).select_related("reviewed_by")
    actions = list(
        Action.objects.filter(
            organization_id=session.organization_id, session_id__in=round_ids(session)
        )
        .filter(Q(status__in=OPEN_STATUSES) | Q(reviews__discussion=discussion))
        .distinct()
        .select_related("owner", "session")
        .prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="reviews_here"))
        .order_by("due_on", "pk")
    )
    for action in actions:
        action.review_here = action.reviews_here[0] if action.reviews_here else None
    return actions


# ---------------------------------------------------------------------------------------------
# The agenda


@dataclass
class AgendaPart:
    section: str
    title: str
    items: list[AgendaItem] = field(default_factory=list)


def agenda_of(discussion: Discussion) -> list[AgendaPart]:
    """Every section in discussion order (empty ones too), each with its items: one query."""
    parts = {
        section.value: AgendaPart(section.value, str(section.label)) for section in AgendaSection
    }
    for item in AgendaItem.objects.filter(discussion=discussion).order_by("position", "pk"):
        parts[item.section].items.append(item)
    for part in parts.values():
        for index, item in enumerate(part.items):
            item.first, item.last = index == 0, index == len(part.items) - 1
    return list(parts.values())


# ---------------------------------------------------------------------------------------------
# Voting: the ballot, the results and the room everyone sees


def target_key(finding_id: int | None, proof_point_id: int | None) -> str:
    return f"f{finding_id}" if finding_id is not None else f"p{proof_point_id}"


def parse_target(key: Any) -> tuple[int | None, int | None] | None:
    """ "f12" -> (12, None), "p5" -> (None, 5); anything else None."""
    if not isinstance(key, str) or len(key) < 2 or not key[1:].isdigit():
        return None
    pk = int(key[1:])
    return {"f": (pk, None), "p": (None, pk)}.get(key[0])


@dataclass
class BallotEntry:
    key: str
    title: str
    finding_id: int | None
    proof_point_id: int | None
    votes: int = 0
    mine: int = 0
    chosen: bool = False


def ballot_of(discussion: Discussion) -> dict[str, BallotEntry]:
    """What may be voted on: the findings and proof points the agenda links outside the
    strengths, once each, in agenda order, under the agenda item's title: one query."""
    items = (
        AgendaItem.objects.filter(discussion=discussion, section__in=BALLOT_SECTIONS)
        .filter(Q(finding__isnull=False) | Q(proof_point__isnull=False))
        .order_by("position", "pk")
        .values_list("section", "title", "finding_id", "proof_point_id")
    )
    ordered = sorted(items, key=lambda row: SECTION_ORDER[row[0]])
    ballot: dict[str, BallotEntry] = {}
    for _section, title, finding_id, proof_point_id in ordered:
        key = target_key(finding_id, None if finding_id else proof_point_id)
        if key not in ballot:
            ballot[key] = BallotEntry(
                key, title, finding_id, None if finding_id else proof_point_id
            )
    return ballot


def on_ballot(discussion: Discussion, key: str) -> BallotEntry | None:
    return ballot_of(discussion).get(key)


def _titles_of(keys: list[str]) -> dict[str, str]:
    """Titles of voted things no longer on the ballot: at most two queries, usually none."""
    findings = [parse_target(key)[0] for key in keys if key.startswith("f")]
    points = [parse_target(key)[1] for key in keys if key.startswith("p")]
    titles: dict[str, str] = {}
    if findings:
        for pk, title in Finding.objects.filter(pk__in=findings).values_list("pk", "title"):
            titles[f"f{pk}"] = title
    if points:
        for pk, text in ProofPoint.objects.filter(pk__in=points).values_list("pk", "text"):
            titles[f"p{pk}"] = text
    return titles


def chosen_targets(discussion: Discussion) -> set[str]:
    """The findings and proof points already chosen as problems: one query."""
    chosen: set[str] = set()
    rows = Problem.objects.filter(discussion=discussion).values_list("finding_id", "proof_points")
    for finding_id, proof_point_id in rows:
        if finding_id is not None:
            chosen.add(f"f{finding_id}")
        elif proof_point_id is not None:
            chosen.add(f"p{proof_point_id}")
    return chosen


@dataclass
class Room:
    """What everyone in the room sees: whether voting is open, the results (most votes first)
    and, for a voter, their own votes and how many they have left. Never who voted for what."""

    discussion: Discussion
    voter: DiscussionParticipant | None
    ballot: list[BallotEntry]
    results: list[BallotEntry]
    people: int
    people_voted: int
    total_votes: int
    used: int
    version: str

    @property
    def voting_open(self) -> bool:
        return self.discussion.voting_open

    @property
    def remaining(self) -> int:
        return max(0, self.discussion.votes_per_person - self.used)

    @property
    def max_votes(self) -> int:
        """The most votes on one thing (at least 1): the results' bars are drawn against it."""
        return max([1, *(entry.votes for entry in self.results)])


def room(
    discussion: Discussion, voter: DiscussionParticipant | None, *, with_choices: bool = False
) -> Room:
    """The room for this voter (None: a facilitator who is not voting): three queries, four
    ``with_choices`` (which results are already problems), plus one when votes sit on things
    since taken off the agenda."""
    ballot = ballot_of(discussion)
    counts = Vote.objects.filter(discussion=discussion).values("finding_id", "proof_point_id")
    if voter is not None:
        counts = counts.annotate(
            votes=Count("pk"), mine=Count("pk", filter=Q(participant_id=voter.pk))
        )
    else:
        counts = counts.annotate(votes=Count("pk"))
    extra: dict[str, BallotEntry] = {}
    for row in counts.order_by():
        key = target_key(row["finding_id"], row["proof_point_id"])
        entry = ballot.get(key) or extra.setdefault(
            key, BallotEntry(key, "", row["finding_id"], row["proof_point_id"])
        )
        entry.votes, entry.mine = row["votes"], row.get("mine", 0)
    if extra:
        for key, title in _titles_of(list(extra)).items():
            extra[key].title = title
        extra = {key: entry for key, entry in extra.items() if entry.title}
    if with_choices:
        for key in chosen_targets(discussion) & (set(ballot) | set(extra)):
            (ballot.get(key) or extra[key]).chosen = True
    per_person = list(
        DiscussionParticipant.objects.filter(discussion=discussion)
        .annotate(n=Count("votes"))
        .values_list("n", flat=True)
    )
    entries = list(ballot.values())
    results = sorted(
        [*entries, *extra.values()], key=lambda entry: -entry.votes
    )  # stable: ties keep agenda order
    used = sum(entry.mine for entry in results)
    shown = (
        discussion.voting_open,
        discussion.votes_per_person,
        [(e.key, e.title, e.votes, e.mine, e.chosen) for e in results],
        [e.key for e in entries],
        len(per_person),
        sum(1 for n in per_person if n),
    )
    version = hashlib.sha256(repr(shown).encode()).hexdigest()[:16]
    return Room(
        discussion=discussion,
        voter=voter,
        ballot=entries,
        results=results,
        people=len(per_person),
        people_voted=sum(1 for n in per_person if n),
        total_votes=sum(entry.votes for entry in results),
        used=used,
        version=version,
    )


# ---------------------------------------------------------------------------------------------
# The people in the room, problems and notes


def participants_of(discussion: Discussion) -> list[DiscussionParticipant]:
    """The people in the room with how many votes each has placed (not on what): one query."""
    return list(
        DiscussionParticipant.objects.filter(discussion=discussion)
        .select_related("person")
        .annotate(votes_placed=Count("votes"))
        .order_by("person__name", "pk")
    )


def problems_of(discussion: Discussion, problem_id: int | None = None) -> list[Problem]:
    """Problems (or the one ``problem_id``) with their whys, causes, proof points and actions:
    five queries."""
    problems = Problem.objects.filter(discussion=discussion)
    if problem_id is not None:
        problems = problems.filter(pk=problem_id)
    return list(
        problems.select_related("finding").prefetch_related(
            Prefetch("whys", queryset=Why.objects.order_by("step")),
            Prefetch("causes", queryset=Cause.objects.order_by("position", "pk")),
            "proof_points",
            Prefetch("actions", queryset=Action.objects.select_related("owner").order_by("pk")),
        )
    )


@dataclass
class Bone:
    """One category of a fishbone and its causes."""

    category: str
    label: str
    causes: list[Cause]


def fishbone(problem: Problem) -> list[Bone]:
    """Every category, in the usual order, with its causes (from the prefetched causes)."""
    by_category: dict[str, list[Cause]] = {category.value: [] for category in CauseCategory}
    for cause in problem.causes.all():
        by_category.setdefault(cause.category, []).append(cause)
    return [
        Bone(category.value, str(category.label), by_category[category.value])
        for category in CauseCategory
    ]


def notes_of(discussion: Discussion) -> list[Note]:
    return list(
        Note.objects.filter(discussion=discussion)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )
