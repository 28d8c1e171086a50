"""What the themes pages read, in a fixed number of queries whatever the number of comments.

Who wrote a comment is shown exactly as the report shows it: the report's pseudonyms
("Respondent N"; names only in named mode, for facilitators and above) and a group only when
the report document would show it (learnloop.lib.report.document.visible_respondents). A group
below the minimum size is never named: its comments count under "other groups", and only
when some group is shown at all (otherwise the respondents whose group is hidden could be
fewer than the minimum size and picked out).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from learnloop.frameworks.models import Module
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.lib.report.document import rating_label, visible_respondents
from learnloop.lib.report.model import ReportInput
from learnloop.reports.access import Audience
from learnloop.reports.queries import report_data, session_proof_points
from learnloop.themes.models import Theme, ThemeMember, ThemeRun, ThemeStatus

QUOTES_PER_THEME = 3
MEMBERS_PER_PAGE = 50


def scope_answers(session: LearningSession, module: Module | None) -> QuerySet[Answer]:
    """The comments of the session, or of one of its modules, in a stable order."""
    answers = Answer.objects.filter(
        session=session, proof_point__module__learning_sessions=session
    ).exclude(comment__regex=r"^\s*$")
    if module is not None:
        answers = answers.filter(proof_point__module=module)
    return answers.order_by("pk")


def scope_themes(session: LearningSession, module: Module | None) -> QuerySet[Theme]:
    """Every theme of the scope: the latest suggestions and the themes accepted earlier."""
    return Theme.objects.filter(run__session=session, run__module=module)


def latest_run(session: LearningSession, module: Module | None) -> ThemeRun | None:
    return ThemeRun.objects.filter(session=session, module=module).first()


@dataclass(frozen=True)
class Author:
    """A comment's writer as an analyst may see them."""

    label: str
    group: str  # "" when the group may not be shown


@dataclass
class Privacy:
    """Respondent labels and shown groups of a session, and the proof points and scale."""

    authors: dict[int, Author]  # participant id -> author
    groups_shown: bool  # some group may be named; else no group breakdown at all
    proof_points: dict[int, tuple[int, str, str]]  # id -> (position, module, text)
    report: ReportInput

    def rating(self, code: int | None) -> str:
        return rating_label(self.report, code) if code is not None else _("Comment only")


def privacy(session: LearningSession, audience: Audience) -> Privacy:
    """Five queries: the report's four (proof points, respondents, scale, counts) and the proof
    points with their modules."""
    data = report_data(session, audience)
    views = visible_respondents(data.report)
    authors = {
        participant_id: Author(view.label, view.group)
        for participant_id, view in zip(data.respondent_ids, views, strict=True)
    }
    proof_points = {
        pp.pk: (position, pp.module.title, pp.text)
        for position, pp in enumerate(session_proof_points(session))
    }
    groups_shown = any(view.group for view in views)
    return Privacy(authors, groups_shown, proof_points, data.report)


@dataclass
class Quote:
    text: str
    author: Author | None
    proof_point: str
    rating: str
    answer_id: int


@dataclass
class ThemeCard:
    theme: Theme
    count: int = 0
    proof_points: list[tuple[str, int]] = field(default_factory=list)  # (text, comments)
    groups: list[tuple[str, int]] = field(default_factory=list)  # (name, comments)
    other_groups: int = 0  # comments whose writer's group is not shown (or none)
    quotes: list[Quote] = field(default_factory=list)


def _quote(answer: Answer, view: Privacy) -> Quote:
    proof_point = view.proof_points.get(answer.proof_point_id)
    return Quote(
        text=answer.comment.strip(),
        author=view.authors.get(answer.participant_id),
        proof_point=proof_point[2] if proof_point else "",
        rating=view.rating(answer.code),
        answer_id=answer.pk,
    )


def theme_cards(themes: list[Theme], view: Privacy) -> list[ThemeCard]:
    """A card per theme: counts, proof points and groups touched, quotes. Three queries."""
    cards = {theme.pk: ThemeCard(theme) for theme in themes}
    members = ThemeMember.objects.filter(theme__in=cards)
    touched: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for theme_id, proof_point_id, n in (
        members.values_list("theme_id", "answer__proof_point_id").annotate(n=Count("pk")).order_by()
    ):
        cards[theme_id].count += n
        position, _module, text = view.proof_points.get(proof_point_id, (10**9, "", ""))
        touched[theme_id].append((position, text, n))
    for theme_id, rows in touched.items():
        cards[theme_id].proof_points = [(text, n) for _position, text, n in sorted(rows)]
    by_group: dict[int, Counter[str]] = defaultdict(Counter)
    for theme_id, participant_id, n in (
        members.values_list("theme_id", "answer__participant_id").annotate(n=Count("pk")).order_by()
    ):
        author = view.authors.get(participant_id)
        by_group[theme_id][author.group if author else ""] += n
    for theme_id, counts in by_group.items():
        card = cards[theme_id]
        if view.groups_shown:
            card.other_groups = counts.pop("", 0)
            card.groups = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    representatives = (
        members.filter(is_representative=True)
        .select_related("answer")
        .only(
            "theme_id",
            "position",
            "answer__id",
            "answer__comment",
            "answer__code",
            "answer__participant_id",
            "answer__proof_point_id",
        )
        .order_by("position", "pk")
    )
    for member in representatives:
        quotes = cards[member.theme_id].quotes
        if len(quotes) < QUOTES_PER_THEME:
            quotes.append(_quote(member.answer, view))
    return [cards[theme.pk] for theme in themes]


@dataclass
class ScopePage:
    run: ThemeRun | None
    suggested: list[ThemeCard]
    accepted: list[ThemeCard]
    discarded: list[ThemeCard]
    comment_count: int


def scope_page(session: LearningSession, module: Module | None, view: Privacy) -> ScopePage:
    """The themes of a scope by status, and its latest run: six queries."""
    run = latest_run(session, module)
    themes = list(scope_themes(session, module).select_related("code", "run"))
    cards = theme_cards(themes, view)
    by_status: dict[str, list[ThemeCard]] = defaultdict(list)
    for card in cards:
        by_status[card.theme.status].append(card)
    return ScopePage(
        run=run,
        suggested=by_status[ThemeStatus.SUGGESTED],
        accepted=by_status[ThemeStatus.ACCEPTED],
        discarded=by_status[ThemeStatus.DISCARDED],
        comment_count=scope_answers(session, module).count(),
    )


def session_modules(session: LearningSession) -> list[Module]:
    """The session's modules in framework order: one query."""
    return list(session.modules.order_by("position", "pk"))


def members_page(theme: Theme, view: Privacy, page: int) -> tuple[list[Quote], int, int]:
    """One page of the theme's comments (closest to its centre first), the page number and
    the number of pages: two queries."""
    members = ThemeMember.objects.filter(theme=theme)
    total = members.count()
    pages = max(1, -(-total // MEMBERS_PER_PAGE))
    page = min(max(page, 1), pages)
    start = (page - 1) * MEMBERS_PER_PAGE
    rows = members.select_related("answer").order_by("position", "pk")[
        start : start + MEMBERS_PER_PAGE
    ]
    return [_quote(member.answer, view) for member in rows], page, pages


def other_suggested(theme: Theme) -> list[Theme]:
    """The other suggested themes of the same run (to merge with or move a comment to)."""
    return list(
        Theme.objects.filter(run_id=theme.run_id, status=ThemeStatus.SUGGESTED)
        .exclude(pk=theme.pk)
        .annotate(count=Count("members"))
        .order_by("position", "pk")
    )


def accepted_answer_ids(session: LearningSession, module: Module | None) -> set[int]:
    """Comments already in an accepted theme of this scope: one query."""
    return set(
        ThemeMember.objects.filter(
            Q(theme__status=ThemeStatus.ACCEPTED),
            theme__run__session=session,
            theme__run__module=module,
        ).values_list("answer_id", flat=True)
    )
