"""Every write a participant makes: answers, submission, joining an anonymous session."""

import functools
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from learnloop.learning_sessions.models import (
    Answer,
    LearningSession,
    LinkKind,
    Participant,
    ParticipantLink,
)
from learnloop.lib.tokens import hash_token, new_token
from learnloop.organizations.models import Group
from learnloop.survey.access import may_answer_sql

# (proof point id, code or None, comment): one answer as the survey pages and worksheet give it.
AnswerInput = tuple[int, int | None, str]


def _is_blank(code: int | None, comment: str) -> bool:
    return code is None and not comment.strip()


def _mark_started(participant: Participant, now: datetime) -> None:
    """Record when the participant first answered; a no-op (and no query) afterwards."""
    if participant.started_at is None:
        Participant.objects.filter(pk=participant.pk, started_at__isnull=True).update(
            started_at=now
        )
        participant.started_at = now


def _upsert(participant: Participant, answers: list[AnswerInput], now: datetime) -> None:
    """One INSERT ... ON CONFLICT statement for any number of answers."""
    Answer.objects.bulk_create(
        [
            Answer(
                participant_id=participant.pk,
                session_id=participant.session_id,
                group_id=participant.group_id,
                proof_point_id=proof_point_id,
                code=code,
                comment=comment,
                updated_at=now,
            )
            for proof_point_id, code, comment in answers
        ],
        update_conflicts=True,
        unique_fields=["participant", "proof_point"],
        update_fields=["code", "comment", "updated_at", "group"],
    )


@functools.cache
def _upsert_one_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    return (
        f"INSERT INTO {q(Answer._meta.db_table)} "  # noqa: S608 (the name comes from _meta)
        "(participant_id, session_id, group_id, proof_point_id, code, comment, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (participant_id, proof_point_id) DO UPDATE SET code = excluded.code, "
        "comment = excluded.comment, updated_at = excluded.updated_at, "
        "group_id = excluded.group_id"
    )


def do_record_answer(
    participant: Participant, proof_point_id: int, code: int | None, comment: str
) -> datetime:
    """Save one rating and comment (autosave). Both empty removes the answer.

    The caller has checked that the proof point is the participant's and the code is on the
    scale (access_answer_target). Returns when it was saved.

    Usually one INSERT ... ON CONFLICT statement, which the database runs atomically on its
    own; wrapping it in a transaction would hold SQLite's write lock across Python work and
    made concurrent autosaves many times slower. The first answer also records started_at,
    and then both statements run in one transaction.
    """
    now = timezone.now()
    if participant.started_at is None:
        with transaction.atomic():
            _record_one(participant, proof_point_id, code, comment, now)
            _mark_started(participant, now)
    else:
        _record_one(participant, proof_point_id, code, comment, now)
    return now


@functools.cache
def _autosave_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    answer, participant = Answer._meta.db_table, Participant._meta.db_table
    return (
        f"INSERT INTO {q(answer)} "  # noqa: S608 (names from _meta)
        "(participant_id, session_id, group_id, proof_point_id, code, comment, updated_at) "
        "SELECT p.id, p.session_id, p.group_id, %s, %s, %s, %s "
        f"{may_answer_sql(vendor)} "
        "ON CONFLICT (participant_id, proof_point_id) DO UPDATE SET code = excluded.code, "
        "comment = excluded.comment, updated_at = excluded.updated_at, "
        "group_id = excluded.group_id "
        f"RETURNING participant_id, (SELECT started_at IS NULL FROM {q(participant)} "
        f"WHERE id = {q(answer)}.participant_id)"
    )


def do_autosave_answer(
    token: str, proof_point_id: int, code: int | None, comment: str
) -> datetime | None:
    """Save one rating and comment from a personal link, in one statement, or nothing.

    Autosave runs on every change a participant makes, so the access checks are folded into
    the write (survey.access.may_answer_sql): when the link may not answer this proof point
    with this code, the statement writes nothing and this returns None, and the caller asks
    access_answer_target() why. An answer with neither rating nor comment is not handled here
    (None): removing it goes through do_record_answer().

    The participant's first answer also records started_at, in a second statement after the
    write; should that one fail, the next save records it.
    """
    if _is_blank(code, comment):
        return None
    now = timezone.now()
    adapted_now = connection.ops.adapt_datetimefield_value(now)
    values = [proof_point_id, code, comment, adapted_now]
    values += [hash_token(token), adapted_now, proof_point_id, code, code]
    with connection.cursor() as cursor:
        cursor.execute(_autosave_sql(connection.vendor), values)
        row = cursor.fetchone()
    if row is None:
        return None
    participant_id, not_started = row
    if not_started:
        Participant.objects.filter(pk=participant_id, started_at__isnull=True).update(
            started_at=now
        )
    return now


def _record_one(
    participant: Participant, proof_point_id: int, code: int | None, comment: str, now
) -> None:
    if _is_blank(code, comment):
        Answer.objects.filter(participant=participant, proof_point_id=proof_point_id).delete()
        return
    values = [participant.pk, participant.session_id, participant.group_id, proof_point_id]
    values += [code, comment, connection.ops.adapt_datetimefield_value(now)]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_one_sql(connection.vendor), values)


@transaction.atomic
def do_record_answers(participant: Participant, answers: Iterable[AnswerInput]) -> datetime:
    """Save many answers at once (a page posted without JavaScript, an uploaded worksheet).

    All or nothing: one transaction. An answer with neither rating nor comment is removed.
    """
    now = timezone.now()
    answers = list(answers)
    blank = [pk for pk, code, comment in answers if _is_blank(code, comment)]
    given = [answer for answer in answers if not _is_blank(answer[1], answer[2])]
    if blank:
        Answer.objects.filter(participant=participant, proof_point_id__in=blank).delete()
    if given:
        _upsert(participant, given, now)
        _mark_started(participant, now)
    return now


@transaction.atomic
def do_submit_answers(participant: Participant) -> None:
    """Mark the participant's answers as submitted; submitting again updates the time.

    Answers stay editable until the session closes.
    """
    now = timezone.now()
    participant.submitted_at = now
    update_fields = ["submitted_at"]
    if participant.started_at is None:
        participant.started_at = now
        update_fields.append("started_at")
    participant.save(update_fields=update_fields)


@transaction.atomic
def do_join_anonymous_session(
    session: LearningSession, group: Group | None
) -> tuple[Participant, str]:
    """A new anonymous participant in `group`, answering every module of the session.

    Nothing identifies the person: no Person, no user, no address. Returns the participant
    and their personal link token, which only they will hold (only its hash is stored).
    """
    token = new_token()
    participant = Participant.objects.create(session=session, person=None, group=group)
    ParticipantLink.objects.create(
        participant=participant, token_hash=hash_token(token), kind=LinkKind.ANONYMOUS
    )
    participant.modules.set(session.modules.all())
    return participant, token
