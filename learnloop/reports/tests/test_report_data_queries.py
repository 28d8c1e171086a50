"""The count query is the bare GROUP BY the answer_counts index serves; codes are sorted out
in numpy afterwards (benchmarks/summary.py measures why: a condition on ``code`` sends
PostgreSQL to a sequential scan)."""

import numpy as np
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learnloop.learning_sessions.models import Answer
from learnloop.reports.access import Audience
from learnloop.reports.queries import report_data

from .test_queries import FACILITATOR, expected_counts


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
