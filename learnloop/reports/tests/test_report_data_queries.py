"""The report input's queries stay cheap at scale (docs/performance.md): the count query is
the bare GROUP BY the answer_counts index serves, with codes sorted out in numpy afterwards (a
condition on ``code`` sends PostgreSQL to a sequential scan), and respondents are read as rows,
not as a model object per participant."""

from unittest import mock

import numpy as np
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learnloop.learning_sessions.models import Answer, Participant
from learnloop.reports.access import Audience
from learnloop.reports.queries import report_data, respondent_rows, respondents

from .conftest import RESPONDENTS
from .test_queries import FACILITATOR, NAMED_FACILITATOR, expected_counts


def count_query(session) -> str:
    with CaptureQueriesContext(connection) as queries:
        report_data(session, FACILITATOR)
    [sql] = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    return sql


def test_count_query_filters_on_the_session_alone(report_session):
    sql = count_query(report_session)
    where = sql.split("WHERE", 1)[1].split("GROUP BY", 1)[0]
    assert '"learning_sessions_answer"."session_id" =' in where
    assert "code" not in where


def test_codes_above_the_scale_are_not_counted(report_session):
    answer = Answer.objects.filter(session=report_session, code=5).first()
    answer.code = 9  # e.g. from a longer scale the session no longer uses
    answer.save(update_fields=["code"])
    data = report_data(report_session, Audience(details=False, names=False))
    assert data.report.counts.shape[-1] == 6
    total = data.report.counts.sum() + data.report.counts_without_group.sum()
    assert total == expected_counts(None).sum() - 1


def test_comment_only_answers_are_not_counted(report_session):
    data = report_data(report_session, FACILITATOR)
    by_all = data.report.counts.sum(axis=1) + data.report.counts_without_group
    assert np.array_equal(by_all, expected_counts(None))
    assert Answer.objects.filter(session=report_session, code__isnull=True).exists()


def test_respondent_rows_are_the_respondents_in_the_same_order(report_session):
    people = respondents(report_session)
    rows = respondent_rows(report_session)
    assert [row.participant_id for row in rows] == [p.pk for p in people]
    assert [row.person_name for row in rows] == [p.person.name for p in people]
    assert [row.group_name for row in rows] == [p.group.name for p in people]


def test_report_input_builds_no_participant_objects(report_session):
    with mock.patch.object(Participant, "from_db", side_effect=AssertionError("model object")):
        data = report_data(report_session, NAMED_FACILITATOR)
    assert len(data.report.respondents) == len(RESPONDENTS)
    assert data.report.group_sizes == [3, 2, 4]
