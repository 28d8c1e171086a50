"""A learning session with many answers, built fast by bulk SQL, for the report benchmarks.

Run after ``django.setup()`` against the database the benchmark set up (a throwaway SQLite file
or the ``learnloop_bench`` PostgreSQL database, never a real or test database). The framework
(modules, principles, proof points) is written with one ``bulk_create`` per level; people,
participants and answers with ``INSERT ... SELECT`` (``generate_series`` on PostgreSQL, a
recursive CTE on SQLite), so 10 million answers never pass through Python. On PostgreSQL the
answers are loaded as a bulk load would be (see :func:`indexes_rebuilt_after`): about two
minutes for 10 million on the 2-core benchmark machine, instead of over ten.

Answers look like real ones: each proof point has a typical level (2 to 4), one group in four
rates a third of the proof points a level higher and another a level lower, most answers sit
within one level of the typical one, 6% are "don't know", 1% carry only a comment, and one in
five has a comment.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from django.db import connection, transaction
from django.utils import timezone

from learnloop.accounts.models import User
from learnloop.frameworks.models import (
    Framework,
    Module,
    Principle,
    ProofPoint,
    RatingScale,
    ScaleChoice,
)
from learnloop.learning_sessions.models import Anonymity, LearningSession, State
from learnloop.organizations.models import Group, Membership, Organization, Role

PRINCIPLES_PER_MODULE = 5
PROOF_POINTS_PER_PRINCIPLE = 6
LEVELS = ["Not started", "Beginning", "Partially meets", "Substantially meets", "Fully meets"]
# Group name, share of participants (in tenths), level shift on every third proof point.
GROUPS = [("Board", 1, 1), ("Executive team", 1, 0), ("Staff", 6, 0), ("Volunteers", 2, -1)]
PASSWORD = "benchmark password 7f3a"  # noqa: S105  (a throwaway database)


@dataclass
class Built:
    session_id: int
    organization_slug: str
    administrator_email: str
    password: str
    participants: int
    proof_points: int
    answers: int


def random_int(n: int) -> str:
    """SQL for a random integer in [0, n), drawn again on every row."""
    if connection.vendor == "postgresql":
        return f"floor(random() * {n})::int"
    return f"(abs(random()) %% {n})"


def series(n: int) -> str:
    """SQL for a table ``seq(n)`` holding 1..n."""
    if connection.vendor == "postgresql":
        return f"generate_series(1, {n}) AS seq(n)"
    return (
        f"(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {n}) "
        "SELECT n FROM s) AS seq"
    )


def build_framework(organization: Organization, proof_points: int) -> Framework:
    scale = RatingScale.objects.create(organization=organization, name="Five levels")
    ScaleChoice.objects.bulk_create(
        [ScaleChoice(scale=scale, code=0, label="Don't know")]
        + [ScaleChoice(scale=scale, code=i, label=label) for i, label in enumerate(LEVELS, 1)]
    )
    framework = Framework.objects.create(
        organization=organization, key="bench", title="Benchmark framework", default_scale=scale
    )
    per_module = PRINCIPLES_PER_MODULE * PROOF_POINTS_PER_PRINCIPLE
    modules = Module.objects.bulk_create(
        Module(framework=framework, key=f"m{m}", title=f"Module {m + 1}", position=m)
        for m in range(math.ceil(proof_points / per_module))
    )
    principles = Principle.objects.bulk_create(
        Principle(module=module, key=f"p{i}", title=f"Principle {m + 1}.{i + 1}", position=i)
        for m, module in enumerate(modules)
        for i in range(PRINCIPLES_PER_MODULE)
    )
    ProofPoint.objects.bulk_create(
        ProofPoint(
            principle=principles[n // PROOF_POINTS_PER_PRINCIPLE],
            module=principles[n // PROOF_POINTS_PER_PRINCIPLE].module,
            key=f"pp{n % PROOF_POINTS_PER_PRINCIPLE}",
            text=f"Proof point {n + 1}: the organization does what it says it does, and shows it.",
            position=n % PROOF_POINTS_PER_PRINCIPLE,
        )
        for n in range(proof_points)
    )
    return framework


def insert_participants(session: LearningSession, groups: list[Group], count: int) -> None:
    """``count`` people of the organization, each a participant in a group (one query each)."""
    now = timezone.now()
    organization_id = session.organization_id
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO organizations_person (organization_id, name, email, created_at) "
            f"SELECT %s, 'Person ' || seq.n, 'person' || seq.n || '@example.org', %s "
            f"FROM {series(count)}",
            [organization_id, now],
        )
        tenths, start = [], 0
        for group, (_name, share, _shift) in zip(groups, GROUPS, strict=True):
            tenths.append(f"WHEN per.id %% 10 < {start + share} THEN {group.pk}")
            start += share
        cursor.execute(
            "INSERT INTO learning_sessions_participant "
            "(session_id, person_id, group_id, created_at, started_at, submitted_at) "
            f"SELECT %s, per.id, CASE {' '.join(tenths)} END, %s, %s, %s "
            "FROM organizations_person per WHERE per.organization_id = %s",
            [session.pk, now, now, now, organization_id],
        )


def insert_answers(session: LearningSession, groups: list[Group]) -> int:
    """Every participant answers every proof point of the session: one query."""
    shifts = " ".join(
        f"WHEN {group.pk} THEN {shift}"
        for group, (_n, _s, shift) in zip(groups, GROUPS, strict=True)
        if shift
    )
    level = (
        f"2 + (pp.id * 7) %% 3 + (CASE WHEN pp.id %% 3 = 0 THEN CASE p.group_id {shifts} ELSE 0 END"
        " ELSE 0 END) "
        f"+ (CASE {random_int(4)} WHEN 0 THEN -1 WHEN 3 THEN 1 ELSE 0 END)"
    )
    clamp_low, clamp_high = (
        ("greatest", "least") if connection.vendor == "postgresql" else ("max", "min")
    )
    code = (
        f"CASE {random_int(100)} WHEN 0 THEN NULL WHEN 1 THEN 0 WHEN 2 THEN 0 WHEN 3 THEN 0 "
        "WHEN 4 THEN 0 WHEN 5 THEN 0 WHEN 6 THEN 0 "
        f"ELSE {clamp_low}(1, {clamp_high}(5, {level})) END"
    )
    comment = (
        f"CASE WHEN {random_int(5)} = 0 THEN 'Respondent ' || p.id || ' on proof point ' || pp.id "
        "|| ': we do some of this, but not everywhere, and the reasons are rarely written down.' "
        "ELSE '' END"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO learning_sessions_answer "
            "(participant_id, session_id, group_id, proof_point_id, code, comment, updated_at) "
            f"SELECT p.id, p.session_id, p.group_id, pp.id, {code}, {comment}, %s "
            "FROM learning_sessions_participant p CROSS JOIN frameworks_proofpoint pp "
            "WHERE p.session_id = %s AND pp.module_id IN (SELECT module_id FROM "
            "learning_sessions_learningsession_modules WHERE learningsession_id = %s)",
            [timezone.now(), session.pk, session.pk],
        )
        return cursor.rowcount


@contextmanager
def indexes_rebuilt_after(table: str) -> Iterator[None]:
    """PostgreSQL only, inside a transaction: load ``table`` as a bulk load would.

    Foreign-key triggers are off for the load (``session_replication_role = replica``; every
    row is made from existing participants and proof points, so none can be dangling), and the
    table's secondary indexes and unique constraints are dropped before and built again after
    from their own definitions, then checked identical to what the migrations made.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u'))",
            [table, table],
        )
        indexes = cursor.fetchall()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        before = sorted(row[0] for row in cursor.fetchall())
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        yield
        cursor.execute("SET LOCAL session_replication_role = origin")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        after = sorted(row[0] for row in cursor.fetchall())
    if after != before:
        raise RuntimeError(f"{table}: indexes differ after the load:\n{before}\n{after}")


@transaction.atomic
def build(participants: int, proof_points: int, slug: str = "bench") -> Built:
    """An organization with an administrator, and a closed session fully answered."""
    organization = Organization.objects.create(name=f"Benchmark {slug}", slug=slug)
    email = f"admin@{slug}.example.org"
    administrator = User.objects.create_user(email, PASSWORD)
    Membership.objects.create(
        user=administrator, organization=organization, role=Role.ADMINISTRATOR
    )
    framework = build_framework(organization, proof_points)
    groups = Group.objects.bulk_create(
        Group(organization=organization, name=name) for name, _share, _shift in GROUPS
    )
    session = LearningSession.objects.create(
        organization=organization,
        title=f"Benchmark: {participants:,} respondents x {proof_points} proof points",
        framework=framework,
        scale=framework.default_scale,
        administrator=administrator,
        anonymity=Anonymity.CONFIDENTIAL,
        state=State.CLOSED,
        closed_at=timezone.now(),
    )
    session.modules.set(framework.modules.all())
    insert_participants(session, groups, participants)
    if connection.vendor == "postgresql":
        with indexes_rebuilt_after("learning_sessions_answer"):
            answers = insert_answers(session, groups)
    else:
        answers = insert_answers(session, groups)
    return Built(
        session_id=session.pk,
        organization_slug=slug,
        administrator_email=email,
        password=PASSWORD,
        participants=participants,
        proof_points=proof_points,
        answers=answers,
    )


def as_dict(built: Built) -> dict:
    return asdict(built)
