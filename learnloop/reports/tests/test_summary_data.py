"""summary_data(): the summary's report input counts respondents per group in the database
instead of reading them, and its document is the one report_data() gives (docs/performance.md).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learnloop.learning_sessions.models import Answer, Participant
from learnloop.organizations.models import Group, Person
from learnloop.reports import pages
from learnloop.reports.queries import RespondentRow, report_data, summary_data

from .test_queries import FACILITATOR, NAMED_FACILITATOR, VIEWER, grow

AUDIENCES = [FACILITATOR, NAMED_FACILITATOR, VIEWER]


# What the summary's document leaves out: the summary page shows none of it.
LEFT_OUT = ("group_gaps", "krippendorff_alpha", "krippendorff_alpha_by_group")


def document(data) -> dict:
    built = pages.build(data).document
    built.pop("generated_at")
    return built


def summary_part(doc: dict) -> dict:
    """The document without what the summary leaves out."""
    kept = {key: value for key, value in doc.items() if key not in LEFT_OUT}
    kept.pop("conversation_starters")
    kept["proof_points"] = [
        {key: value for key, value in point.items() if key != "kruskal_wallis"}
        for point in doc["proof_points"]
    ]
    return kept


@pytest.mark.parametrize("audience", AUDIENCES)
def test_summary_document_equals_the_full_report_document(any_mode_session, audience):
    summary = document(summary_data(any_mode_session, audience))
    full = document(report_data(any_mode_session, audience))
    assert summary_part(summary) == summary_part(full)
    assert full["group_gaps"]
    assert full["krippendorff_alpha"] is not None
    assert summary["group_gaps"] == []
    assert summary["krippendorff_alpha"] is None
    assert summary["conversation_starters"] == {}
    assert all(point["kruskal_wallis"] is None for point in summary["proof_points"])


def add_lone_respondents(session, count: int, group: Group | None) -> None:
    """``count`` respondents in ``group`` (None: no group), each answering the first level."""
    proof_point = session.modules.first().proof_points.first()
    for i in range(count):
        person = Person.objects.create(organization=session.organization, name=f"Lone {i}")
        participant = Participant.objects.create(session=session, person=person, group=group)
        Answer.objects.create(
            participant=participant,
            session=session,
            group=group,
            proof_point=proof_point,
            code=1,
            comment="",
        )


@pytest.mark.parametrize("without_group", [0, 1, 5])
def test_respondent_groups_shown_agree_with_a_hidden_small_group(report_session, without_group):
    tiny = Group.objects.create(organization=report_session.organization, name="Tiny")
    add_lone_respondents(report_session, 1, tiny)
    add_lone_respondents(report_session, without_group, None)
    full = document(report_data(report_session, FACILITATOR))
    assert full["privacy"]["groups_hidden"] >= 1
    assert summary_part(document(summary_data(report_session, FACILITATOR))) == summary_part(full)


def test_summary_data_counts_every_respondent_without_listing_them(report_session):
    data = summary_data(report_session, FACILITATOR)
    full = report_data(report_session, FACILITATOR)
    assert data.report.respondents == []
    assert data.respondent_ids == []
    assert data.report.respondent_count == len(full.report.respondents) > 0
    assert data.report.group_sizes == full.report.group_sizes
    assert data.group_ids == full.group_ids


def test_a_viewer_summary_counts_no_respondents(report_session):
    assert summary_data(report_session, VIEWER).report.respondent_count is None


def test_summary_data_reads_no_respondent_rows(report_session, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a row per respondent")

    monkeypatch.setattr(RespondentRow, "__init__", refuse)
    summary_data(report_session, FACILITATOR)


def test_summary_data_refuses_to_load_answers(report_session):
    data = summary_data(report_session, FACILITATOR)
    with pytest.raises(ValueError, match="report_data"):
        data.load_answers()


def test_summary_data_takes_four_queries_however_many_respondents(report_session):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            summary_data(report_session, FACILITATOR)
        return len(captured.captured_queries)

    before = queries()
    grow(report_session, extra_proof_points=3, extra_respondents=30)
    assert queries() == before == 4
