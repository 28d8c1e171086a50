"""Problems chosen from the vote results or written, each with a five-whys chain and a
fishbone laid out by category."""

import pytest

from learnloop.discussions import actions
from learnloop.discussions.models import Cause, Problem, Why
from learnloop.findings.models import Kind

from .conftest import durl, ordered_proof_points, place


def key_of(discussion, section):
    item = discussion.agenda.get(section=section)
    return f"f{item.finding_id}"


def test_choosing_a_problem_from_the_results(drafted, findings, people, facilitator_client):
    key = key_of(drafted, "problems")
    actions.do_add_vote(place(drafted, people[1]), key)
    room = facilitator_client.get(durl("discussions-show-room", drafted)).content.decode()
    assert f'id="choose-{key}"' in room
    response = facilitator_client.post(durl("discussions-choose-problem", drafted), {"item": key})
    problem = Problem.objects.get()
    assert response["Location"] == durl("discussions-show-problem", drafted, problem_id=problem.pk)
    assert problem.title == "Budget lines are unclear"
    assert problem.finding == findings[Kind.IMPROVEMENT_AREA]
    assert list(problem.proof_points.all()) == list(
        findings[Kind.IMPROVEMENT_AREA].proof_points.all()
    )
    room = facilitator_client.get(durl("discussions-show-room", drafted)).content.decode()
    assert "chosen as a problem" in room


def test_choosing_a_proof_point_from_a_report_agenda(discussion, facilitator_client):
    actions.do_draft_agenda(discussion)
    point = ordered_proof_points(discussion.session)[1]
    facilitator_client.post(
        durl("discussions-choose-problem", discussion), {"item": f"p{point.pk}"}
    )
    problem = Problem.objects.get()
    assert problem.title == point.text
    assert list(problem.proof_points.all()) == [point]


@pytest.mark.parametrize(
    ("tampered", "message"),
    [
        ("f999999", "That finding belongs to another learning session."),
        ("p999999", "That is not a proof point of this learning session&#x27;s modules."),
        ("nonsense", "Choose a finding or a proof point of this discussion."),
        ("", "Choose a finding or a proof point of this discussion."),
    ],
)
def test_choosing_something_not_of_this_session_is_refused(
    drafted, facilitator_client, tampered, message
):
    response = facilitator_client.post(
        durl("discussions-choose-problem", drafted), {"item": tampered}, follow=True
    )
    assert message in response.content.decode()
    assert not Problem.objects.exists()


def test_writing_and_editing_a_problem(drafted, facilitator_client):
    points = ordered_proof_points(drafted.session)
    url = durl("discussions-create-problem", drafted)
    data = {
        "title": "Meetings overrun",
        "description": "Every time",
        "proof_points": [points[3].pk],
    }
    facilitator_client.post(url, data)
    problem = Problem.objects.get()
    assert list(problem.proof_points.all()) == [points[3]]
    edit = durl("discussions-edit-problem", drafted, problem_id=problem.pk)
    facilitator_client.post(edit, {"title": "Meetings run long", "proof_points": []})
    problem.refresh_from_db()
    assert problem.title == "Meetings run long"
    assert not problem.proof_points.exists()
    response = facilitator_client.post(url, {"title": "", "proof_points": [999999]})
    assert response.status_code == 400
    assert Problem.objects.count() == 1


def test_five_whys_are_saved_in_order_without_gaps(drafted, facilitator_client):
    problem = actions.do_create_problem(drafted, title="Budget lines are unclear")
    url = durl("discussions-save-whys", drafted, problem_id=problem.pk)
    facilitator_client.post(
        url, {"why_1": "Nobody explains them", "why_2": "", "why_3": "No time", "why_4": " "}
    )
    assert list(problem.whys.values_list("step", "text")) == [
        (1, "Nobody explains them"),
        (2, "No time"),
    ]
    page = facilitator_client.get(durl("discussions-show-problem", drafted, problem_id=problem.pk))
    text = page.content.decode()
    assert "Why? (1)" in text
    assert "Why? (2)" in text
    assert page.context["whys_form"].initial == {
        "why_1": "Nobody explains them",
        "why_2": "No time",
    }
    facilitator_client.post(url, {})
    assert not Why.objects.exists()


def test_more_than_five_whys_are_refused(drafted):
    problem = actions.do_create_problem(drafted, title="X")
    actions.do_save_whys(problem, ["1", "2"])
    with pytest.raises(actions.DiscussionError, match="at most five"):
        actions.do_save_whys(problem, ["a", "b", "c", "d", "e", "f"])
    assert problem.whys.count() == 2


def test_fishbone_causes_are_added_edited_and_removed(drafted, facilitator_client):
    problem = actions.do_create_problem(drafted, title="Budget lines are unclear")
    add = durl("discussions-add-cause", drafted, problem_id=problem.pk)
    facilitator_client.post(add, {"category": "people", "text": "No budget owner"})
    facilitator_client.post(add, {"category": "tools", "text": "Spreadsheet is a mess"})
    response = facilitator_client.post(add, {"category": "weather", "text": "Rain"}, follow=True)
    assert "Choose a category" in response.content.decode()
    response = facilitator_client.post(add, {"category": "tools", "text": ""}, follow=True)
    assert "Choose a category and write the cause" in response.content.decode()
    assert Cause.objects.count() == 2
    cause = Cause.objects.get(text="Spreadsheet is a mess")
    edit = durl("discussions-edit-cause", drafted, problem_id=problem.pk, cause_id=cause.pk)
    facilitator_client.post(edit, {"category": "methods", "text": "No budget process"})
    cause.refresh_from_db()
    assert (cause.category, cause.text) == ("methods", "No budget process")
    page = facilitator_client.get(durl("discussions-show-problem", drafted, problem_id=problem.pk))
    bones = {bone.category: [c.text for c in bone.causes] for bone in page.context["bones"]}
    assert bones["people"] == ["No budget owner"]
    assert bones["methods"] == ["No budget process"]
    assert len(bones) == 6  # every category is drawn, empty ones too
    text = page.content.decode()
    assert text.index("People") < text.index("No budget owner") < text.index("Tools and technology")
    delete = durl("discussions-delete-cause", drafted, problem_id=problem.pk, cause_id=cause.pk)
    assert "Remove the cause" in facilitator_client.get(delete).content.decode()
    facilitator_client.post(delete)
    assert list(Cause.objects.values_list("text", flat=True)) == ["No budget owner"]


def test_each_problem_links_to_the_plan_to_add_an_action(drafted, facilitator_client):
    problem = actions.do_create_problem(drafted, title="Budget")
    expected = f"/o/riverside/sessions/{drafted.session_id}/plan/new/?problem={problem.pk}"
    for url in (
        durl("discussions-show-discussion", drafted),
        durl("discussions-show-problem", drafted, problem_id=problem.pk),
    ):
        assert expected in facilitator_client.get(url).content.decode()
    assert facilitator_client.get(expected).status_code == 200


def test_deleting_a_problem_asks_first(drafted, facilitator_client):
    problem = actions.do_create_problem(drafted, title="Budget")
    actions.do_add_cause(problem, category="people", text="Nobody")
    url = durl("discussions-delete-problem", drafted, problem_id=problem.pk)
    assert (
        "Its five whys and its fishbone are deleted."
        in facilitator_client.get(url).content.decode()
    )
    assert Problem.objects.exists()
    facilitator_client.post(url)
    assert not Problem.objects.exists()
    assert not Cause.objects.exists()
