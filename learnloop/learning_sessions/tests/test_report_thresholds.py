"""Report thresholds are set per learning session and reports classify with them."""

from fractions import Fraction

import pytest

from conftest import add_participant
from learnloop.learning_sessions.models import Answer
from learnloop.learning_sessions.tests.conftest import url
from learnloop.learning_sessions.tests.test_sessions import session_data


def test_default_thresholds_are_the_specs(learning_session):
    thresholds = learning_session.report_thresholds(5)
    assert (thresholds.met_level, thresholds.low_level) == (4, 2)
    assert thresholds.met_share == Fraction(3, 4)
    assert thresholds.dissent_share == Fraction(3, 20)
    assert thresholds.requires_improvement_share == Fraction(1, 2)


def test_a_chosen_met_level_moves_the_low_level_below_it(learning_session):
    learning_session.met_level = 2
    thresholds = learning_session.report_thresholds(5)
    assert (thresholds.met_level, thresholds.low_level) == (2, 1)


def test_admin_sets_thresholds_on_the_form(admin_client, draft_session, framework):
    data = session_data(framework, met_level=5, met_share_percent=60, low_share_percent=40)
    response = admin_client.post(url("sessions-edit-session", draft_session), data)
    assert response.status_code == 302
    draft_session.refresh_from_db()
    assert (draft_session.met_level, draft_session.met_share_percent) == (5, 60)
    assert draft_session.report_thresholds(5).requires_improvement_share == Fraction(2, 5)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"met_level": 6}, "between 2 and 5"),
        ({"met_level": 1}, "between 2 and 5"),
        ({"met_share_percent": 0}, "greater than or equal to 1"),
        ({"low_share_percent": 101}, "less than or equal to 100"),
    ],
)
def test_impossible_thresholds_are_refused_and_nothing_changes(
    admin_client, draft_session, framework, overrides, message
):
    response = admin_client.post(
        url("sessions-edit-session", draft_session), session_data(framework, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    draft_session.refresh_from_db()
    assert draft_session.met_level is None
    assert draft_session.met_share_percent == 75


def test_the_report_classifies_with_the_sessions_thresholds(
    admin_client, learning_session, people, groups
):
    proof_point = learning_session.framework.modules.first().proof_points.first()
    # 2 of 3 rate "substantially meets": 67% met, under the usual 75%.
    for person, code in zip(people[:3], [4, 4, 2], strict=True):
        participant, _token = add_participant(learning_session, person, groups["Board"])
        Answer.objects.create(
            participant=participant,
            session=learning_session,
            group=participant.group,
            proof_point=proof_point,
            code=code,
        )
    report = f"/o/riverside/sessions/{learning_session.pk}/report/?format=json"

    def status() -> str:
        rows = admin_client.get(report).json()["proof_points"]
        return next(r["stats"]["status"] for r in rows if r["key"].endswith(proof_point.key))

    assert status() == "needs_attention"
    learning_session.met_share_percent = 60
    learning_session.dissent_share_percent = 40
    learning_session.save(update_fields=["met_share_percent", "dissent_share_percent"])
    assert status() == "met"
