"""The agenda: drafted from the findings (or the report without findings) in discussion order,
refreshed without ever overwriting what the facilitator edited, and edited by hand."""

import pytest

from learnloop.discussions import actions
from learnloop.discussions.agenda import FindingRow, from_findings
from learnloop.discussions.models import AgendaItem, AgendaSection
from learnloop.findings.models import Finding, Kind, Status
from learnloop.learning_sessions.models import LearningSession

from .conftest import durl, make_action, make_round, ordered_proof_points

ORDER = [section.value for section in AgendaSection]


def agenda(discussion) -> list[tuple[str, str]]:
    items = AgendaItem.objects.filter(discussion=discussion).order_by("position", "pk")
    return sorted(
        ((item.section, item.title) for item in items), key=lambda pair: ORDER.index(pair[0])
    )


def test_the_draft_from_findings_puts_strengths_first(discussion, findings):
    result = actions.do_draft_agenda(discussion)
    assert result.created == 5
    assert result.from_findings
    assert agenda(discussion) == [
        ("strengths", "Minutes go out on time"),
        ("problems", "Budget lines are unclear"),
        ("misalignments", "Board and staff see risks differently"),
        ("questions", "Who decides the training budget?"),
        ("other", "Information does not reach staff"),
    ]
    item = discussion.agenda.get(section="problems")
    assert item.finding == findings[Kind.IMPROVEMENT_AREA]
    assert item.notes == "What we found about budget lines are unclear."


def test_only_ready_findings_are_drafted_when_some_are_ready(discussion, findings):
    Finding.objects.exclude(kind=Kind.STRENGTH).update(status=Status.DRAFT)
    actions.do_draft_agenda(discussion)
    assert agenda(discussion) == [("strengths", "Minutes go out on time")]


def test_all_findings_are_drafted_when_none_is_ready(discussion, findings):
    Finding.objects.update(status=Status.DRAFT)
    actions.do_draft_agenda(discussion)
    assert len(agenda(discussion)) == 5


def test_without_findings_the_draft_comes_from_the_report(discussion):
    result = actions.do_draft_agenda(discussion)
    points = ordered_proof_points(discussion.session)
    assert not result.from_findings
    items = {(item.section, item.proof_point_id) for item in discussion.agenda.all()}
    assert ("strengths", points[0].pk) in items  # met
    assert ("problems", points[1].pk) in items  # requires improvement
    assert ("misalignments", points[2].pk) in items  # split
    assert not any(pk == points[3].pk for _section, pk in items)  # needs attention, no flag
    strength = discussion.agenda.get(section="strengths")
    assert strength.title == points[0].text
    assert "Met: 100%" in strength.notes


def test_the_report_draft_of_an_empty_session_is_empty(learning_session, facilitator):
    discussion = actions.do_create_discussion(
        learning_session,
        title="Early",
        held_on=learning_session.created_at.date(),
        facilitator=facilitator,
    )
    result = actions.do_draft_agenda(discussion)
    assert result.created == 0
    assert not discussion.agenda.exists()


def test_open_actions_get_an_agenda_item(discussion, findings):
    earlier = discussion.session
    make_action(earlier, "Publish the minutes")
    make_action(earlier, "Done already", status="done")
    actions.do_draft_agenda(discussion)
    assert discussion.agenda.get(section="action_review").title == "Review the 1 open action"


def test_drafting_again_keeps_edits_and_removals_and_refreshes_the_rest(discussion, findings):
    actions.do_draft_agenda(discussion)
    edited = discussion.agenda.get(section="problems")
    actions.do_update_agenda_item(
        edited, section="problems", title="Our words for the budget", notes="Ours"
    )
    removed = discussion.agenda.get(section="questions")
    actions.do_delete_agenda_item(removed)
    mine = actions.do_create_agenda_item(discussion, section="other", title="Any other business")
    strength = findings[Kind.STRENGTH]
    strength.title = "Minutes always go out on time"
    strength.save()
    findings[Kind.IMPROVEMENT_AREA].title = "Changed in the findings"
    findings[Kind.IMPROVEMENT_AREA].save()
    findings[Kind.THEME].delete()

    result = actions.do_draft_agenda(discussion)
    assert (result.created, result.refreshed, result.removed) == (0, 1, 1)
    assert (result.kept, result.dismissed) == (1, 1)
    assert agenda(discussion) == [
        ("strengths", "Minutes always go out on time"),
        ("problems", "Our words for the budget"),
        ("misalignments", "Board and staff see risks differently"),
        ("other", "Any other business"),
    ]
    again = actions.do_draft_agenda(discussion)
    assert (again.created, again.refreshed, again.removed) == (0, 0, 0)
    assert AgendaItem.objects.get(pk=mine.pk).title == "Any other business"


def test_moving_an_item_is_not_editing_it(discussion, findings):
    actions.do_draft_agenda(discussion)
    Finding.objects.create(
        session=discussion.session, kind=Kind.STRENGTH, title="Second strength", status="ready"
    )
    actions.do_draft_agenda(discussion)
    second = discussion.agenda.get(title="Second strength")
    assert actions.do_move_agenda_item(second, "up")
    assert [item.title for item in discussion.agenda.filter(section="strengths")] == [
        "Second strength",
        "Minutes go out on time",
    ]
    assert not actions.do_move_agenda_item(AgendaItem.objects.get(pk=second.pk), "up")
    second.refresh_from_db()
    assert second.is_untouched_draft


def test_drafting_through_the_page_says_what_it_did(discussion, findings, facilitator_client):
    url = durl("discussions-draft-agenda", discussion)
    response = facilitator_client.post(url, follow=True)
    assert "Agenda drafted: 5 new" in response.content.decode()
    response = facilitator_client.post(url, follow=True)
    assert "The agenda draft is up to date" in response.content.decode()


def test_the_draft_message_says_when_it_came_from_the_report(discussion, facilitator_client):
    response = facilitator_client.post(durl("discussions-draft-agenda", discussion), follow=True)
    assert "the draft comes from the report" in response.content.decode()


def test_adding_editing_moving_and_removing_items_through_the_pages(
    discussion, findings, facilitator_client
):
    finding = findings[Kind.IMPROVEMENT_AREA]
    url = durl("discussions-create-agenda-item", discussion)
    data = {
        "section": "problems",
        "title": "Budget",
        "notes": "Bring figures",
        "about": f"f{finding.pk}",
    }
    assert facilitator_client.post(url, data).status_code == 302
    facilitator_client.post(url, {"section": "problems", "title": "Staffing", "about": ""})
    budget, staffing = discussion.agenda.order_by("pk")
    assert budget.finding == finding
    assert budget.edited_at is not None
    edit = durl("discussions-edit-agenda-item", discussion, item_id=staffing.pk)
    point = ordered_proof_points(discussion.session)[1]
    facilitator_client.post(
        edit, {"section": "problems", "title": "Staff", "about": f"p{point.pk}"}
    )
    staffing.refresh_from_db()
    assert (staffing.title, staffing.proof_point) == ("Staff", point)
    move = durl("discussions-move-agenda-item", discussion, item_id=staffing.pk)
    facilitator_client.post(move, {"direction": "up"})
    assert list(discussion.agenda.values_list("title", flat=True)) == ["Staff", "Budget"]
    delete = durl("discussions-delete-agenda-item", discussion, item_id=staffing.pk)
    assert "Take “Staff” off the agenda?" in facilitator_client.get(delete).content.decode()
    facilitator_client.post(delete)
    assert list(discussion.agenda.values_list("title", flat=True)) == ["Budget"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"section": "problems", "title": ""}, "This field is required."),
        ({"section": "nowhere", "title": "X"}, "Select a valid choice."),
        ({"section": "problems", "title": "X", "about": "f999999"}, "Select a valid choice."),
        ({"section": "problems", "title": "X" * 201}, "at most 200 characters"),
    ],
)
def test_bad_agenda_input_changes_nothing(discussion, facilitator_client, data, message):
    response = facilitator_client.post(durl("discussions-create-agenda-item", discussion), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_a_finding_of_another_session_cannot_be_linked(discussion, framework, organization):
    other = LearningSession.objects.create(
        organization=organization, title="Other", framework=framework, scale=framework.default_scale
    )
    foreign = Finding.objects.create(session=other, kind=Kind.STRENGTH, title="Elsewhere")
    with pytest.raises(actions.DiscussionError, match="another learning session"):
        actions.do_create_agenda_item(discussion, section="other", title="X", finding=foreign)
    assert not AgendaItem.objects.exists()


def test_from_findings_is_a_pure_selection():
    rows = [
        FindingRow(1, Kind.QUESTION, "Q", "", Status.DRAFT, 0),
        FindingRow(2, Kind.STRENGTH, "S", "body  with\nspaces", Status.DRAFT, 0),
    ]
    drafted = from_findings(rows)
    assert [(item.key, item.section, item.notes) for item in drafted] == [
        ("finding:2", "strengths", "body with spaces"),
        ("finding:1", "questions", ""),
    ]


def test_a_later_round_drafts_its_own_findings(discussion, findings, facilitator):
    later = make_round(discussion.session)
    second = actions.do_create_discussion(
        later, title="Autumn", held_on=discussion.held_on, facilitator=facilitator
    )
    actions.do_draft_agenda(second)
    assert not second.agenda.filter(finding__isnull=False).exists()
