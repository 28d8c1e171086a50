"""The report input read from the database: counts, groups, respondents, pseudonyms."""

import json

import numpy as np
import pytest

from learnloop.learning_sessions.models import Answer
from learnloop.lib.report import build_report
from learnloop.reports.access import Audience
from learnloop.reports.queries import pseudonym_key, report_data, respondents

from .conftest import NAMES, RESPONDENTS, SILENT, SMALL_GROUP, grow

FACILITATOR = Audience(details=True, names=False)
NAMED_FACILITATOR = Audience(details=True, names=True)
VIEWER = Audience(details=False, names=False)


def expected_counts(group: str | None) -> np.ndarray:
    """The count table built in Python from the dataset, the slow obvious way."""
    table = np.zeros((4, 6), dtype=np.int64)
    for _name, group_name, codes, _comments in RESPONDENTS:
        if group is not None and group_name != group:
            continue
        for p, code in enumerate(codes):
            if code is not None:
                table[p, code] += 1
    return table


def test_counts_by_group_equal_the_dataset(report_session):
    data = report_data(report_session, FACILITATOR)
    assert data.report.groups == ["Board", "Finance", "Staff"]
    for g, name in enumerate(data.report.groups):
        assert np.array_equal(data.report.counts[:, g], expected_counts(name))
    assert not data.report.counts_without_group.any()


def test_answers_without_a_group_count_for_all_respondents(report_session):
    Answer.objects.filter(session=report_session, group__name="Staff").update(group=None)
    data = report_data(report_session, FACILITATOR)
    assert np.array_equal(data.report.counts_without_group, expected_counts("Staff"))


def test_group_sizes_count_respondents_not_invitees(report_session):
    data = report_data(report_session, FACILITATOR)
    assert data.report.group_sizes == [3, 2, 4]  # the silent Staff invitee is not a respondent


def test_small_group_is_never_named_in_the_document(report_session):
    document = build_report(report_data(report_session, FACILITATOR).report)
    assert [group["name"] for group in document["groups"]] == ["Board", "Staff"]
    assert SMALL_GROUP not in json.dumps(document)


def test_respondents_are_participants_with_an_answer(report_session):
    people = respondents(report_session)
    assert len(people) == len(RESPONDENTS)
    assert SILENT not in [p.person.name for p in people]


def test_respondent_groups_index_the_input_groups(report_session):
    data = report_data(report_session, NAMED_FACILITATOR)
    by_label = {r.label: data.report.groups[r.group] for r in data.report.respondents}
    assert by_label["Zelda Quartermain"] == SMALL_GROUP
    assert by_label["Ada Lovelace"] == "Board"


def test_pseudonyms_follow_a_keyed_hash_not_the_invitation_order(report_session):
    people = respondents(report_session)
    keys = [pseudonym_key(report_session.pk, p.pk) for p in people]
    assert keys == sorted(keys)
    data = report_data(report_session, FACILITATOR)
    assert [r.label for r in data.report.respondents] == [
        f"Respondent {n}" for n in range(1, len(people) + 1)
    ]
    # Stable: the same numbering on every reading.
    assert data.respondent_ids == report_data(report_session, FACILITATOR).respondent_ids


def test_names_only_for_named_audience(report_session):
    labels = " ".join(r.label for r in report_data(report_session, FACILITATOR).report.respondents)
    assert not any(name in labels for name in NAMES)
    named = report_data(report_session, NAMED_FACILITATOR).report.respondents
    assert {r.label for r in named} == {row[0] for row in RESPONDENTS}


def test_viewer_input_has_no_respondents_or_answers(report_session):
    data = report_data(report_session, VIEWER, with_answers=True)
    assert data.report.respondents == []
    assert list(data.report.answers) == []


def test_answer_rows_carry_codes_and_comments(report_session):
    data = report_data(report_session, FACILITATOR, with_answers=True)
    rows = list(data.report.answers)
    assert len(rows) == 4 * len(RESPONDENTS)
    comments = {row.comment for row in rows if row.comment}
    assert "Budget lines are unclear." in comments


@pytest.mark.parametrize("extra", [(0, 0), (12, 30)])
def test_report_input_takes_a_fixed_number_of_queries(
    report_session, django_assert_num_queries, extra
):
    grow(report_session, *extra)
    with django_assert_num_queries(5):
        data = report_data(report_session, FACILITATOR, with_answers=True)
        list(data.report.answers)
