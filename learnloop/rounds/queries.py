"""What reassessment reads from the database, in a fixed number of queries.

Counts come from the database: one ``GROUP BY (round, proof point, answer code)`` for every round
a page shows, and, for paired rounds, one join of the two rounds' answers on the person grouped by
(proof point, level before, level after), as SPEC section 7 gives it. No statistic loops over
answers in Python. Every function says how many queries it makes; the tests assert the pages'
totals.

Only rounds of the session's own organization are ever read: the chain of rounds is the
improvement plan's ``round_ids`` (one query over the organization's sessions), so a previous
round of another organization, should one exist, is never followed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q

from learnloop.frameworks.models import Framework, Module, ProofPoint, ScaleChoice
from learnloop.learning_sessions.actions import ParticipantChoice
from learnloop.learning_sessions.models import Answer, LearningSession, Participant
from learnloop.plan.queries import round_ids
from learnloop.rounds.alignment import PointKey, match_by_keys
from learnloop.rounds.models import ProofPointMapping


def round_chain(session: LearningSession) -> list[LearningSession]:
    """This session and the earlier rounds it repeats, oldest first: two queries."""
    ids = round_ids(session)
    found = {
        s.pk: s
        for s in LearningSession.objects.filter(
            organization_id=session.organization_id, pk__in=ids
        ).select_related("framework", "scale")
    }
    found[session.pk] = session
    return [found[pk] for pk in reversed(ids) if pk in found]


@dataclass(frozen=True)
class Scale:
    levels: list[str]  # labels of levels 1..K, lowest first


def scales_of(sessions: Iterable[LearningSession]) -> dict[int, Scale]:
    """Each session's scale by scale id: one query."""
    ids = {s.scale_id for s in sessions}
    levels: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = ScaleChoice.objects.filter(scale_id__in=ids, code__gt=0).values_list(
        "scale_id", "code", "label"
    )
    for scale_id, code, label in rows:
        levels[scale_id].append((code, label))
    return {pk: Scale([label for _code, label in sorted(levels[pk])]) for pk in ids}


def proof_points_by_round(sessions: Sequence[LearningSession]) -> dict[int, list[ProofPoint]]:
    """The proof points of each session's modules, in framework order: one query."""
    result: dict[int, list[ProofPoint]] = {s.pk: [] for s in sessions}
    points = (
        ProofPoint.objects.filter(module__learning_sessions__in=[s.pk for s in sessions])
        .annotate(round_id=F("module__learning_sessions"))
        .select_related("principle", "module")
        .order_by(
            "module__position", "module_id", "principle__position", "principle_id", "position", "pk"
        )
    )
    for point in points:
        result[point.round_id].append(point)
    return result


def counts_by_round(
    sessions: Sequence[LearningSession], levels: int
) -> dict[tuple[int, int], np.ndarray]:
    """``(session id, proof point id) -> H[code]`` (code 0 = don't know and every other
    non-ordinal answer, 1..K the levels) for every round at once: one ``GROUP BY`` query.

    The report's ``count_table`` reads one session by group; a trend reads every round of the
    chain, so this groups by session instead, keeping the page at one count query however many
    rounds there are. Comment-only answers and codes above the scale are dropped, as there.
    """
    query = (
        Answer.objects.filter(session_id__in=[s.pk for s in sessions])
        .values_list("session_id", "proof_point_id", "code")
        .annotate(n=Count("*"))
        .order_by()
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result: dict[tuple[int, int], np.ndarray] = {}
    for session_id, proof_point_id, code, n in rows:
        if code is None or code > levels:
            continue
        key = (session_id, proof_point_id)
        if key not in result:
            result[key] = np.zeros(levels + 1, dtype=np.int64)
        result[key][max(code, 0)] += n
    return result


def histograms(
    counts: dict[tuple[int, int], np.ndarray],
    session_id: int,
    ids: Sequence[int | None],
    levels: int,
) -> np.ndarray:
    """``H[p, code]`` of one round for the proof points ``ids`` (None: not asked, all zero)."""
    table = np.zeros((len(ids), levels + 1), dtype=np.int64)
    for p, pp in enumerate(ids):
        found = counts.get((session_id, pp)) if pp is not None else None
        if found is not None:
            table[p] = found
    return table


def paired_transitions(
    before: LearningSession,
    after: LearningSession,
    pairs: Sequence[tuple[int, int]],
    levels: int,
) -> np.ndarray:
    """``T[row, level before - 1, level after - 1]`` for the ``(before id, after id)`` proof
    point pairs: the people with a valid rating of the pair in both rounds. One query.

    One join of the two rounds' answers on the person (SPEC section 7); the pairs travel as a
    ``VALUES`` list, so a proof point is paired with its mapped counterpart in another
    framework version. People are matched by the organization's person records, which both
    rounds' participants point to; anonymous respondents have none and are never paired.
    """
    table = np.zeros((len(pairs), levels, levels), dtype=np.int64)
    if not pairs:
        return table
    quote = connection.ops.quote_name
    answer, participant = quote(Answer._meta.db_table), quote(Participant._meta.db_table)
    values = ", ".join(
        ["(CAST(%s AS BIGINT), CAST(%s AS BIGINT), CAST(%s AS BIGINT))"] * len(pairs)
    )
    sql = f"""
        WITH pairing (row_index, before_pp, after_pp) AS (VALUES {values})
        SELECT m.row_index, a.code, b.code, COUNT(*)
        FROM {answer} a
        JOIN {participant} pa ON pa.id = a.participant_id
        JOIN pairing m ON m.before_pp = a.proof_point_id
        JOIN {participant} pb ON pb.person_id = pa.person_id AND pb.session_id = %s
        JOIN {answer} b ON b.participant_id = pb.id AND b.proof_point_id = m.after_pp
        WHERE a.session_id = %s AND pa.session_id = %s AND pa.person_id IS NOT NULL
          AND a.code BETWEEN 1 AND %s AND b.code BETWEEN 1 AND %s
        GROUP BY m.row_index, a.code, b.code
    """  # noqa: S608 - table names are the models' own; every value is a parameter
    params: list[int] = [v for p, (b, a) in enumerate(pairs) for v in (p, b, a)]
    params += [after.pk, before.pk, before.pk, levels, levels]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows:
        position, code_before, code_after, n = (
            np.array(c, dtype=np.int64) for c in zip(*rows, strict=True)
        )
        np.add.at(table, (position, code_before - 1, code_after - 1), n)
    return table


@dataclass(frozen=True)
class People:
    """Respondents known by name in two rounds: in each, in both, new and no longer there."""

    before: int
    after: int
    both: int

    @property
    def new(self) -> int:
        return self.after - self.both

    @property
    def dropped(self) -> int:
        return self.before - self.both


def people_in_rounds(before: LearningSession, after: LearningSession) -> People:
    """How many identified people gave a rating in each round and in both: one query."""
    rated = Answer.objects.filter(participant=OuterRef("pk"), code__gt=0)
    earlier = Participant.objects.filter(
        Exists(rated), session=before, person__isnull=False
    ).values("person_id")
    counts = Participant.objects.filter(
        Exists(rated), session__in=[before, after], person__isnull=False
    ).aggregate(
        before=Count("pk", filter=Q(session=before)),
        after=Count("pk", filter=Q(session=after)),
        both=Count("pk", filter=Q(session=after, person_id__in=earlier)),
    )
    return People(**counts)


# ---------------------------------------------------------------------------------------------
# Mappings between framework versions


@dataclass(frozen=True)
class VersionMapping:
    """``later proof point id -> earlier proof point id`` between two framework versions;
    ``saved`` is the reviewed mapping it comes from (None: proposed from the keys)."""

    earlier: Framework
    later: Framework
    links: dict[int, int]
    saved: ProofPointMapping | None

    @property
    def reviewed(self) -> bool:
        return self.saved is not None


def mappings_between(
    organization_id: int, pairs: Iterable[tuple[Framework, Framework]]
) -> dict[tuple[int, int], VersionMapping]:
    """The mapping for each (earlier, later) pair of different versions: at most three queries
    (saved mappings, their links, and the keys of the versions with none saved)."""
    wanted = {(a.pk, b.pk): (a, b) for a, b in pairs if a.pk != b.pk}
    if not wanted:
        return {}
    condition = Q(pk__in=[])
    for earlier_id, later_id in wanted:
        condition |= Q(earlier_id=earlier_id, later_id=later_id)
    saved = {
        (m.earlier_id, m.later_id): m
        for m in ProofPointMapping.objects.filter(condition, organization_id=organization_id)
        .select_related("reviewed_by")
        .prefetch_related("links")
    }
    result = {}
    for key, mapping in saved.items():
        earlier, later = wanted[key]
        links = {link.later_id: link.earlier_id for link in mapping.links.all()}
        result[key] = VersionMapping(earlier, later, links, mapping)
    missing = [key for key in wanted if key not in saved]
    if missing:
        keys = framework_keys({pk for key in missing for pk in key})
        for key in missing:
            earlier, later = wanted[key]
            links = match_by_keys(keys[earlier.pk], keys[later.pk])
            result[key] = VersionMapping(earlier, later, links, None)
    return result


def framework_keys(framework_ids: Iterable[int]) -> dict[int, list[PointKey]]:
    """Every proof point of these framework versions with its stable keys: one query."""
    result: dict[int, list[PointKey]] = defaultdict(list)
    rows = (
        ProofPoint.objects.filter(module__framework_id__in=list(framework_ids))
        .order_by(
            "module__position", "module_id", "principle__position", "principle_id", "position", "pk"
        )
        .values_list("module__framework_id", "pk", "module__key", "principle__key", "key")
    )
    for framework_id, pk, module_key, principle_key, key in rows:
        result[framework_id].append(PointKey(pk, module_key, principle_key, key))
    return result


def framework_points(framework: Framework) -> list[ProofPoint]:
    """Every proof point of a framework version with its module and principle: one query."""
    return list(
        ProofPoint.objects.filter(module__framework=framework)
        .select_related("module", "principle")
        .order_by(
            "module__position", "module_id", "principle__position", "principle_id", "position", "pk"
        )
    )


# ---------------------------------------------------------------------------------------------
# Running a session again


def next_versions(session: LearningSession) -> list[Framework]:
    """The session's framework version and every later version of the same framework,
    newest first: one query."""
    return list(
        Framework.objects.filter(
            organization_id=session.organization_id,
            key=session.framework.key,
            version__gte=session.framework.version,
        ).order_by("-version")
    )


def modules_like(session: LearningSession, framework: Framework) -> list[Module]:
    """The modules of ``framework`` with the keys of the session's modules: one query."""
    keys = session.modules.values("key")
    return list(framework.modules.filter(key__in=keys).order_by("position", "pk"))


def participant_choices(
    session: LearningSession, modules: Sequence[Module]
) -> tuple[list[ParticipantChoice], int]:
    """The session's named participants as they would join a round covering ``modules``: each
    with their group and those of their modules the round still covers (matched by module key,
    so a newer framework version keeps them). Returns the choices and how many participants are
    left out because none of their modules remains. Two queries."""
    by_key = {module.key: module for module in modules}
    participants = (
        Participant.objects.filter(session=session, person__isnull=False)
        .select_related("person", "group")
        .prefetch_related("modules")
        .order_by("pk")
    )
    choices, left_out = [], 0
    for participant in participants:
        kept = [by_key[m.key] for m in participant.modules.all() if m.key in by_key]
        if kept:
            choices.append(ParticipantChoice(participant.person, participant.group, kept))
        else:
            left_out += 1
    return choices, left_out
