"""Everything a report reads from the database, in a fixed number of queries.

The counts come from one ``GROUP BY (proof point, group, code)`` on answers (each answer carries
its participant's session and group, so there is no join) and are loaded into numpy with
``np.add.at``; the statistics are the analytics engine's. Python loops here run over proof
points, groups and respondents, never over answers to compute a statistic. Every function
says how many queries it makes; the tests assert it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from learnloop.frameworks.models import ProofPoint, ScaleChoice
from learnloop.learning_sessions.models import Answer, LearningSession, Participant
from learnloop.lib.report import AnswerRow, ProofPointInfo, ReportInput, Respondent
from learnloop.organizations.models import Group
from learnloop.reports.access import Audience


@dataclass
class ReportData:
    """A report's input and the database ids behind its positions.

    ``proof_point_ids[p]`` is the id of proof point ``p``; ``group_ids[g]`` the id of group
    ``g``; ``respondent_ids[r]`` the participant behind respondent ``r`` (whose number is
    ``r + 1``). Only the report document (``build_report``) may be shown: it hides groups
    below the minimum size, which the input still holds.
    """

    session: LearningSession
    report: ReportInput
    proof_point_ids: list[int]
    group_ids: list[int]
    respondent_ids: list[int]
    audience: Audience
    respondents_listed: bool = True

    def load_answers(
        self, only_proof_point: int | None = None, only_respondent: int | None = None
    ) -> None:
        """Attach the answers the reader may see (one query, run when first read)."""
        if not self.respondents_listed:
            raise ValueError("summary_data() lists no respondents; read answers via report_data().")
        if self.audience.details:
            self.report.answers = answer_rows(
                self.session,
                self.proof_point_ids,
                self.respondent_ids,
                only_proof_point,
                only_respondent,
            )

    def proof_point_index(self, proof_point_id: int) -> int | None:
        try:
            return self.proof_point_ids.index(proof_point_id)
        except ValueError:
            return None


# The report's small fixed queries, built by the ORM once per process and then run through a
# plain cursor: building them cost as much as running them (about a millisecond each on a
# report page), and their rows are already the tuples needed. Each takes one id: the
# session's, or for the scale's choices the scale's.
_ID = -987_654_321  # stands for that id while the SQL is built


def _counts_query(session_id: int) -> QuerySet:
    """Answers per (proof point, group, code). No condition on ``code``: see count_table."""
    return (
        Answer.objects.filter(session_id=session_id)
        .values_list("proof_point_id", "group_id", "code")
        .annotate(n=Count("*"))
        .order_by()
    )


def _proof_points_query(session_id: int) -> QuerySet:
    return (
        ProofPoint.objects.filter(module__learning_sessions=session_id)
        .order_by(*PROOF_POINT_ORDER)
        .values_list(
            "pk",
            "key",
            "text",
            "module__key",
            "module__title",
            "principle__key",
            "principle__title",
        )
    )


def _scale_choices_query(scale_id: int) -> QuerySet:
    return (
        ScaleChoice.objects.filter(scale_id=scale_id).order_by("code").values_list("code", "label")
    )


def _respondents_per_group_query(session_id: int) -> QuerySet:
    """Participants who gave at least one answer, per group, with the group's name."""
    answered = Answer.objects.filter(participant=OuterRef("pk"))
    return (
        Participant.objects.filter(Exists(answered), session_id=session_id)
        .values_list("group_id", "group__name")
        .annotate(n=Count("pk"))
        .order_by()
    )


_FIXED_QUERIES = {
    "counts": _counts_query,
    "proof points": _proof_points_query,
    "respondents per group": _respondents_per_group_query,
    "scale choices": _scale_choices_query,
}


@functools.cache
def _fixed_sql(vendor: str, name: str) -> tuple[str, tuple[Any, ...]]:
    sql, params = _FIXED_QUERIES[name](_ID).query.sql_with_params()
    if params.count(_ID) != 1:
        raise ValueError(f"The {name} query must take its id exactly once.")
    return sql, tuple(params)


def fixed_rows(name: str, pk: int) -> list[tuple[Any, ...]]:
    """The rows of one of the report's fixed queries (``_FIXED_QUERIES``) for one id."""
    sql, params = _fixed_sql(connection.vendor, name)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk if value == _ID else value for value in params])
        return cursor.fetchall()


# Framework order: modules, then principles, then proof points, each by position.
PROOF_POINT_ORDER = (
    "module__position",
    "module_id",
    "principle__position",
    "principle_id",
    "position",
    "pk",
)


def session_proof_points(session: LearningSession) -> list[ProofPoint]:
    """The proof points of the session's modules, in framework order: one query."""
    return list(
        ProofPoint.objects.filter(module__learning_sessions=session)
        .select_related("principle", "module")
        .order_by(*PROOF_POINT_ORDER)
    )


def session_proof_point_infos(session: LearningSession) -> tuple[list[int], list[ProofPointInfo]]:
    """The ids and report descriptions of :func:`session_proof_points`, in the same order:
    one query read as plain rows (no model objects), for the report input."""
    rows = fixed_rows("proof points", session.pk)
    ids, infos = [], []
    for pk, key, text, module_key, module, principle_key, principle in rows:
        ids.append(pk)
        infos.append(
            ProofPointInfo(
                key=f"{module_key}.{principle_key}.{key}",
                module=module,
                principle=principle,
                text=text,
                module_key=module_key,
                principle_key=principle_key,
            )
        )
    return ids, infos


def respondents(session: LearningSession) -> list[Participant]:
    """Participants with at least one answer, in pseudonym order: one query.

    The order is that of a keyed hash of (session, participant), so respondent numbers are
    stable for a session but say nothing about who was invited or answered first, and nobody
    who knows participant ids can recompute them without the server's secret key.
    """
    answered = Answer.objects.filter(participant=OuterRef("pk"))
    found = list(
        Participant.objects.filter(Exists(answered), session=session).select_related(
            "person", "group"
        )
    )
    return sorted(found, key=lambda participant: pseudonym_key(session.pk, participant.pk))


@dataclass(frozen=True)
class RespondentRow:
    """What a report needs of one respondent."""

    participant_id: int
    group_id: int | None
    group_name: str | None
    person_name: str | None


def respondent_rows(session: LearningSession) -> list[RespondentRow]:
    """The participants of :func:`respondents`, in the same order, as plain rows: one query.

    No model object per participant: 20,000 respondents take about 0.2 s this way and 2 s as
    objects with their person and group (docs/performance.md).
    """
    answered = Answer.objects.filter(participant=OuterRef("pk"))
    rows = Participant.objects.filter(Exists(answered), session=session).values_list(
        "pk", "group_id", "group__name", "person__name"
    )
    found = [RespondentRow(*row) for row in rows.order_by()]
    return sorted(found, key=lambda row: pseudonym_key(session.pk, row.participant_id))


def respondent_counts(session: LearningSession) -> tuple[int, dict[int, int], dict[int, str]]:
    """How many participants of :func:`respondent_rows` there are, in all and per group, and
    the groups' names: one small ``GROUP BY`` query, no row per respondent."""
    rows = fixed_rows("respondents per group", session.pk)
    total = 0
    sizes: dict[int, int] = {}
    names: dict[int, str] = {}
    for group_id, name, n in rows:
        total += n
        if group_id is not None:
            sizes[group_id] = n
            names[group_id] = name
    return total, sizes, names


def pseudonym_key(session_id: int, participant_id: int) -> bytes:
    message = f"learnloop.reports.respondent:{session_id}:{participant_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def respondent_label(number: int, participant: Participant, audience: Audience) -> str:
    """The person's name in named mode for facilitators and above, else "Respondent N"."""
    if audience.names and participant.person_id is not None:
        return participant.person.name
    return _("Respondent %(number)s") % {"number": number}


def respondent_groups(people: list[Participant]) -> tuple[list[Group], list[int]]:
    """The respondents' groups by name, and how many respondents each has.

    Every group is listed, however small: the report document (learnloop.lib.report) decides
    what may be shown, in one place, and never names a group below the minimum size.
    """
    sizes: dict[int, int] = {}
    by_id: dict[int, Group] = {}
    for participant in people:
        if participant.group_id is not None:
            sizes[participant.group_id] = sizes.get(participant.group_id, 0) + 1
            by_id[participant.group_id] = participant.group
    groups = sorted(by_id.values(), key=lambda group: (group.name.casefold(), group.pk))
    return groups, [sizes[group.pk] for group in groups]


def count_table(
    session: LearningSession, proof_point_ids: list[int], group_ids: list[int], levels: int
) -> tuple[np.ndarray, np.ndarray]:
    """``H[p, g, code]`` by group and ``W[p, code]`` for answers without a group: one query.

    Code 0 collects don't know and every other non-ordinal answer (codes <= 0). Answers of
    respondents without a group (or in a group no respondent still belongs to) go to ``W``,
    so they count for all respondents and never as a group of their own. Comment-only answers
    (no code) and codes above the scale are dropped here, not in SQL: a condition on ``code``
    makes PostgreSQL leave the ``answer_counts`` index for a sequential scan of the table
    (2.5 times slower at 10 million answers; see docs/performance.md).
    """
    rows = fixed_rows("counts", session.pk)
    table = np.zeros((len(proof_point_ids), len(group_ids) + 1, levels + 1), dtype=np.int64)
    rows = [row for row in rows if row[2] is not None and row[2] <= levels]
    if rows:
        pp_index = {pk: i for i, pk in enumerate(proof_point_ids)}
        group_index = {pk: i for i, pk in enumerate(group_ids)}
        other = len(group_ids)
        pp_ids, g_ids, codes, counts = zip(*rows, strict=True)
        p = np.array([pp_index.get(pk, -1) for pk in pp_ids], dtype=np.int64)
        g = np.array([group_index.get(pk, other) for pk in g_ids], dtype=np.int64)
        code = np.maximum(np.array(codes, dtype=np.int64), 0)
        n = np.array(counts, dtype=np.int64)
        known = p >= 0  # answers to proof points no longer in the session's modules
        np.add.at(table, (p[known], g[known], code[known]), n[known])
    return table[:, :-1, :], table[:, -1, :]


def scale_labels(session: LearningSession) -> tuple[list[str], dict[int, str]]:
    """Level labels (1..K, lowest first) and non-ordinal answers by code: one query."""
    choices = fixed_rows("scale choices", session.scale_id)
    levels = [label for code, label in choices if code > 0]
    return levels, {code: label for code, label in choices if code <= 0}


def answer_rows(
    session: LearningSession,
    proof_point_ids: list[int],
    respondent_ids: list[int],
    only_proof_point: int | None = None,
    only_respondent: int | None = None,
) -> Iterator[AnswerRow]:
    """Every answer as positions into the report's lists: one query, read lazily.

    These rows feed the side-by-side view, comments and exports; no statistic is computed
    from them.
    """
    pp_index = {pk: i for i, pk in enumerate(proof_point_ids)}
    respondent_index = {pk: i for i, pk in enumerate(respondent_ids)}
    answers = Answer.objects.filter(session=session)
    if only_proof_point is not None:
        answers = answers.filter(proof_point_id=only_proof_point)
    if only_respondent is not None:
        answers = answers.filter(participant_id=only_respondent)
    values = answers.values_list("participant_id", "proof_point_id", "code", "comment")
    for participant_id, proof_point_id, code, comment in values.order_by().iterator(2000):
        p = pp_index.get(proof_point_id)
        r = respondent_index.get(participant_id)
        if p is not None and r is not None:
            yield AnswerRow(respondent=r, proof_point=p, code=code, comment=comment)


def report_data(
    session: LearningSession, audience: Audience, *, with_answers: bool = False
) -> ReportData:
    """The report input for this reader: four queries, five with answers (read lazily).

    Without ``audience.details`` there are no respondents and no answers at all, so nothing
    downstream can show a comment or an individual rating.
    """
    people = respondent_rows(session)
    sizes = Counter(row.group_id for row in people if row.group_id is not None)
    names = {row.group_id: row.group_name for row in people if row.group_id is not None}
    data = _report_data(session, audience, people if audience.details else [], sizes, names)
    if with_answers:
        data.load_answers()
    return data


def summary_data(session: LearningSession, audience: Audience) -> ReportData:
    """The report input of a page that lists no respondent (the summary, its JSON, the API
    summary): four queries, respondents counted per group in the database, not read.

    Its document equals :func:`report_data`'s for the same reader; it has no respondent rows
    and no answers (so no comments under the conversation starters, which the summary does
    not show). ``load_answers`` refuses it.
    """
    total, sizes, names = respondent_counts(session)
    data = _report_data(session, audience, [], sizes, names)
    data.respondents_listed = False
    data.report.summary_only = True
    if audience.details:
        data.report.respondent_count = total
    return data


def _report_data(
    session: LearningSession,
    audience: Audience,
    listed: list[RespondentRow],
    sizes: Mapping[int, int],
    names: Mapping[int, str],
) -> ReportData:
    """The report input from the respondents (``listed``, only for ``audience.details``) and
    the respondents per group (``sizes``, with the groups' ``names``): three queries."""
    proof_point_ids, proof_point_infos = session_proof_point_infos(session)
    group_ids = sorted(sizes, key=lambda pk: (names[pk].casefold(), pk))
    levels, non_ordinal = scale_labels(session)
    counts, others = count_table(session, proof_point_ids, group_ids, len(levels))
    group_position = {pk: g for g, pk in enumerate(group_ids)}
    pseudonym = _("Respondent %(number)s")
    report = ReportInput(
        title=session.title,
        levels=levels,
        non_ordinal=non_ordinal,
        proof_points=proof_point_infos,
        groups=[names[pk] for pk in group_ids],
        counts=counts,
        counts_without_group=others,
        anonymity=session.anonymity,
        min_group_size=session.min_group_size,
        thresholds=session.report_thresholds(len(levels)),
        respondents=[
            Respondent(
                label=(
                    row.person_name
                    if audience.names and row.person_name is not None
                    else pseudonym % {"number": number}
                ),
                group=group_position.get(row.group_id),
            )
            for number, row in enumerate(listed, start=1)
        ],
        group_sizes=[sizes[pk] for pk in group_ids],
        generated_at=timezone.now(),
        translate=_,
    )
    respondent_ids = [row.participant_id for row in listed]
    return ReportData(session, report, proof_point_ids, group_ids, respondent_ids, audience)
