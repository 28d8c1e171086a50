"""What the coding pages read, in a fixed number of queries whatever the number of comments.

Who wrote a comment is shown exactly as the report shows it: the report's pseudonyms
("Respondent N", names only in named mode for facilitators and above) and a group only when
the report document would show it (learnloop.lib.report.document.visible_respondents). A
group below the minimum size is never offered as a filter and never used to filter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from learnloop.analysis import actions
from learnloop.analysis.models import (
    Code,
    CodeApplication,
    CodeSuggestion,
    SuggestionStatus,
)
from learnloop.analysis.spans import Piece, pieces
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.lib.report.document import rating_label, visible_respondents
from learnloop.reports.access import Audience
from learnloop.reports.queries import (
    report_data,
    respondent_label,
    respondents,
    session_proof_points,
)

PAGE_SIZE = 25
KEYED_CODES = 9  # number keys 1-9 toggle the first nine codes


@dataclass(frozen=True)
class Author:
    """A comment's writer as an analyst may see them."""

    number: int
    label: str
    group: str  # "" when the group may not be shown
    group_id: int | None  # only for a group that may be shown


@dataclass(frozen=True)
class ProofPointRow:
    id: int
    position: int
    module_id: int
    module: str
    principle: str
    text: str


@dataclass
class SessionView:
    """The session as the coding pages show it: authors, groups, proof points, scale."""

    session: LearningSession
    authors: dict[int, Author]
    groups: list[tuple[int, str]]
    proof_points: dict[int, ProofPointRow]
    modules: list[tuple[int, str]]
    ratings: list[tuple[str, str]]  # (filter value, label), every answer a scale allows
    report: Any  # the ReportInput, for rating labels; None where ratings are shown elsewhere

    def rating(self, code: int | None) -> str:
        if self.report is None:
            return ""
        return rating_label(self.report, code) if code is not None else _("Comment only")

    def module_proof_points(self, module_id: int) -> list[ProofPointRow]:
        return [pp for pp in self.proof_points.values() if pp.module_id == module_id]


def session_view(session: LearningSession, audience: Audience) -> SessionView:
    """Five queries: the report's four (respondents, groups, scale, counts) and the proof
    points with their modules."""
    data = report_data(session, audience)
    views = visible_respondents(data.report)
    authors, groups = {}, {}
    for index, (participant_id, respondent, view) in enumerate(
        zip(data.respondent_ids, data.report.respondents, views, strict=True)
    ):
        group_id = data.group_ids[respondent.group] if view.group else None
        authors[participant_id] = Author(index + 1, respondent.label, view.group, group_id)
        if group_id is not None:
            groups[group_id] = view.group
    proof_points, modules = {}, {}
    for position, pp in enumerate(session_proof_points(session)):
        modules.setdefault(pp.module_id, pp.module.title)
        proof_points[pp.pk] = ProofPointRow(
            pp.pk, position, pp.module_id, pp.module.title, pp.principle.title, pp.text
        )
    report = data.report
    ratings = [(str(code), label) for code, label in enumerate(report.levels, start=1)]
    ratings.reverse()  # highest first, as people read a scale
    ratings += [(str(code), label) for code, label in sorted(report.non_ordinal.items())]
    ratings.append(("none", _("Comment only")))
    return SessionView(
        session=session,
        authors=authors,
        groups=sorted(groups.items(), key=lambda item: item[1].casefold()),
        proof_points=proof_points,
        modules=list(modules.items()),
        ratings=ratings,
        report=report,
    )


def codebook(session: LearningSession) -> list[Code]:
    """The active codes with `uses` (applications) and `comments` (coded comments); creates
    the starting codes the first time. Two queries once the codebook exists."""
    actions.do_create_default_codebook(session)
    return list(
        Code.objects.filter(session=session, merged_into__isnull=True).annotate(
            uses=Count("applications"),
            comments=Count("applications__answer", distinct=True),
        )
    )


def suggestion_counts(session: LearningSession) -> dict[str, int]:
    """Suggestions by status: one query."""
    rows = (
        CodeSuggestion.objects.filter(answer__session=session)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(SuggestionStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# ---------------------------------------------------------------------------------------------
# Filters


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@dataclass
class CodingFilters:
    """The coding view's GET parameters. Anything not on offer is dropped, never used."""

    module: int | None = None
    proof_point: int | None = None
    code: int | None = None
    rating: str = ""
    group: int | None = None
    has_suggestions: bool = False
    uncoded: bool = False
    text: str = ""
    mode: str = "one"
    refused_group: bool = False  # a group was asked for that may not be used

    @classmethod
    def parse(cls, query: QueryDict, view: SessionView, codes: list[Code]) -> CodingFilters:
        modules = [module_id for module_id, _title in view.modules]
        module = _int(query.get("module"))
        proof_point = _int(query.get("proof_point"))
        point = view.proof_points.get(proof_point) if proof_point is not None else None
        if module not in modules:
            # A proof point alone (from a drill-down) picks its module; else the first one.
            module = point.module_id if point else (modules[0] if modules else None)
        if point is None or point.module_id != module:
            proof_point = None
        code = _int(query.get("code"))
        code = code if code in {c.pk for c in codes} else None
        rating = query.get("rating", "")
        rating = rating if rating in {value for value, _label in view.ratings} else ""
        group = _int(query.get("group"))
        allowed = {group_id for group_id, _name in view.groups}
        refused = group is not None and group not in allowed
        return cls(
            module=module,
            proof_point=proof_point,
            code=code,
            rating=rating,
            group=group if group in allowed else None,
            has_suggestions=query.get("suggested") == "1",
            uncoded=query.get("uncoded") == "1",
            text=" ".join(query.get("q", "").split())[:200],
            mode="list" if query.get("mode") == "list" else "one",
            refused_group=refused,
        )

    def query(self, **changes: Any) -> dict[str, Any]:
        """The filters as GET parameters, with some changed (for links)."""
        params = {
            "module": self.module,
            "proof_point": self.proof_point,
            "code": self.code,
            "rating": self.rating,
            "group": self.group,
            "suggested": "1" if self.has_suggestions else "",
            "uncoded": "1" if self.uncoded else "",
            "q": self.text,
            "mode": self.mode,
        }
        params.update(changes)
        return {key: value for key, value in params.items() if value not in (None, "")}

    @property
    def narrowed(self) -> bool:
        return bool(
            self.proof_point
            or self.code
            or self.rating
            or self.group
            or self.has_suggestions
            or self.uncoded
            or self.text
        )


def comments(session: LearningSession, view: SessionView, filters: CodingFilters) -> QuerySet:
    """The session's comments that pass the filters (not yet read)."""
    answers = Answer.objects.filter(session=session).exclude(comment="")
    if filters.proof_point is not None:
        answers = answers.filter(proof_point_id=filters.proof_point)
    elif filters.module is not None:
        answers = answers.filter(proof_point__module_id=filters.module)
    if filters.code is not None:
        answers = answers.filter(
            Exists(CodeApplication.objects.filter(answer=OuterRef("pk"), code_id=filters.code))
        )
    if filters.uncoded:
        answers = answers.exclude(Exists(CodeApplication.objects.filter(answer=OuterRef("pk"))))
    if filters.has_suggestions:
        answers = answers.filter(Exists(_pending(answer=OuterRef("pk"))))
    if filters.rating == "none":
        answers = answers.filter(code__isnull=True)
    elif filters.rating:
        answers = answers.filter(code=int(filters.rating))
    if filters.group is not None:
        members = [pid for pid, author in view.authors.items() if author.group_id == filters.group]
        answers = answers.filter(participant_id__in=members)
    if filters.text:
        answers = answers.filter(comment__icontains=filters.text)
    return answers


def _pending(**lookup: Any) -> QuerySet:
    return CodeSuggestion.objects.filter(status=SuggestionStatus.PENDING, **lookup)


def walk_order(answers: QuerySet, view: SessionView) -> list[int]:
    """Comment ids in framework order, then in the report's respondent order: one query."""
    rows = answers.values_list("pk", "proof_point_id", "participant_id").order_by()

    def key(row: tuple[int, int, int]) -> tuple[int, int, int]:
        pk, proof_point_id, participant_id = row
        point = view.proof_points.get(proof_point_id)
        author = view.authors.get(participant_id)
        return (point.position if point else 1 << 30, author.number if author else 1 << 30, pk)

    return [row[0] for row in sorted(rows, key=key)]


def module_progress(session: LearningSession) -> dict[int, dict[str, int]]:
    """Per module: comments, comments with a code, comments with a pending suggestion."""
    coded = Exists(CodeApplication.objects.filter(answer=OuterRef("pk")))
    pending = Exists(_pending(answer=OuterRef("pk")))
    rows = (
        Answer.objects.filter(session=session)
        .exclude(comment="")
        .annotate(is_coded=coded, is_pending=pending)
        .values("proof_point__module_id")
        .annotate(
            total=Count("pk"),
            coded=Count("pk", filter=Q(is_coded=True)),
            pending=Count("pk", filter=Q(is_pending=True)),
        )
        .order_by()
    )
    return {row["proof_point__module_id"]: row for row in rows}


# ---------------------------------------------------------------------------------------------
# Comment cards


@dataclass
class CommentCard:
    """One comment with everything its card shows."""

    answer: Answer
    author: Author | None
    proof_point: ProofPointRow | None
    rating: str
    pieces: list[Piece]
    whole: dict[int, CodeApplication] = field(default_factory=dict)  # code id -> application
    spans: list[CodeApplication] = field(default_factory=list)
    suggestions: list[CodeSuggestion] = field(default_factory=list)
    next_url: str = ""  # where a form on the card returns to
    position: int = 0  # 1-based place in the walk

    @property
    def code_ids(self) -> set[int]:
        return set(self.whole) | {application.code_id for application in self.spans}


def comment_cards(ids: list[int], view: SessionView) -> list[CommentCard]:
    """Cards for these comments, in this order: three queries however many."""
    answers = {
        answer.pk: answer
        for answer in Answer.objects.filter(pk__in=ids).only(
            "pk", "participant_id", "proof_point_id", "code", "comment", "session_id"
        )
    }
    applications = defaultdict(list)
    for application in (
        CodeApplication.objects.filter(answer_id__in=ids)
        .select_related("code")
        .order_by("start", "pk")
    ):
        applications[application.answer_id].append(application)
    suggestions = defaultdict(list)
    for suggestion in _pending(answer_id__in=ids).order_by("pk"):
        suggestions[suggestion.answer_id].append(suggestion)
    cards = []
    for pk in ids:
        answer = answers.get(pk)
        if answer is None:
            continue
        applied = applications[pk]
        spans = [a for a in applied if a.is_span]
        marks = [(a.start, a.end, a.code.name, a.code.color) for a in spans]
        cards.append(
            CommentCard(
                answer=answer,
                author=view.authors.get(answer.participant_id),
                proof_point=view.proof_points.get(answer.proof_point_id),
                rating=view.rating(answer.code),
                pieces=pieces(answer.comment, marks),
                whole={a.code_id: a for a in applied if not a.is_span},
                spans=spans,
                suggestions=suggestions[pk],
            )
        )
    return cards


# ---------------------------------------------------------------------------------------------
# The report's proof point drill-down


def drilldown_codes(
    session: LearningSession, proof_point_id: int, audience: Audience
) -> dict[str, Any]:
    """What `analysis/_comment_codes.html` needs on a proof point drill-down: the comments of
    the proof point with their codes, under the report's respondent labels. Five queries,
    none for analysts' readers who may not see comments (viewers never reach a drill-down).
    """
    if not audience.details:
        return {"cards": [], "codes": []}
    people = respondents(session)
    authors = {
        participant.pk: Author(number, respondent_label(number, participant, audience), "", None)
        for number, participant in enumerate(people, start=1)
    }
    codes = codebook(session)
    ids = list(
        Answer.objects.filter(session=session, proof_point_id=proof_point_id)
        .exclude(comment="")
        .values_list("pk", "participant_id")
    )
    ids.sort(key=lambda row: authors[row[1]].number if row[1] in authors else 1 << 30)
    view = SessionView(session, authors, [], {}, [], [], report=None)
    return {"cards": comment_cards([pk for pk, _ in ids], view), "codes": codes}


# ---------------------------------------------------------------------------------------------
# The coding view


def coding_page(
    session: LearningSession, audience: Audience, query: QueryDict, base_url: str
) -> dict[str, Any]:
    """Everything the coding view shows, one comment or a page of them, in a fixed number of
    queries (the comments' ids are read once; cards only for those shown)."""
    view = session_view(session, audience)
    codes = codebook(session)
    filters = CodingFilters.parse(query, view, codes)
    ids = walk_order(comments(session, view, filters), view)
    total = len(ids)
    if filters.mode == "list":
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(_int(query.get("page")) or 1, 1), pages)
        first = (page - 1) * PAGE_SIZE
        shown = ids[first : first + PAGE_SIZE]
        position = None
    else:
        wanted = _int(query.get("comment"))
        at = _int(query.get("at")) or 1
        index = ids.index(wanted) if wanted in ids else min(max(at, 1), max(total, 1)) - 1
        shown = ids[index : index + 1]
        position, page, pages, first = index + 1, None, None, index
    cards = comment_cards(shown, view)
    for offset, card in enumerate(cards):
        if filters.mode == "list":
            card.next_url = _url(base_url, filters.query(page=page))
        else:
            card.next_url = _url(base_url, filters.query(comment=card.answer.pk, at=first + 1))
        card.position = first + offset + 1
    return {
        "view": view,
        "codes": codes,
        "keyed_codes": codes[:KEYED_CODES],
        "filters": filters,
        "cards": cards,
        "total": total,
        "position": position,
        "page": page,
        "pages": pages,
        "previous_url": _step(base_url, filters, ids, position, page, -1),
        "next_url": _step(base_url, filters, ids, position, page, +1),
        "list_url": _url(base_url, filters.query(mode="list")),
        "one_url": _url(base_url, filters.query(mode="one")),
        "progress": module_progress(session),
        "module_proof_points": view.module_proof_points(filters.module) if filters.module else [],
        "suggestions": suggestion_counts(session),
    }


def _url(base_url: str, params: dict[str, Any]) -> str:
    return f"{base_url}?{urlencode(params)}" if params else base_url


def _step(base_url, filters, ids, position, page, step: int) -> str | None:
    """The link to the previous or next comment (one at a time) or page (list)."""
    if position is not None:
        target = position + step
        if not 1 <= target <= len(ids):
            return None
        return _url(base_url, filters.query(comment=ids[target - 1], at=target))
    target = page + step
    pages = max(1, -(-len(ids) // PAGE_SIZE))
    return _url(base_url, filters.query(page=target)) if 1 <= target <= pages else None
