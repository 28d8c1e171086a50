"""The first draft: what it picks from the statistics and the codes, what it writes, and that
running it again never overwrites what an analyst did."""

import pytest

from learnloop.findings.actions import (
    do_create_finding,
    do_delete_finding,
    do_draft_findings,
    do_link_comment,
    do_mark_ready,
    do_update_finding,
)
from learnloop.findings.models import Finding, Kind, Source, Status
from learnloop.learning_sessions.models import Answer

from .conftest import add_group, comment, ordered_proof_points


def drafted(session) -> dict[str, Finding]:
    return {f.draft_key: f for f in Finding.objects.filter(session=session, source=Source.DRAFTED)}


def keys_by_kind(session) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for finding in Finding.objects.filter(session=session).order_by("kind", "position"):
        result.setdefault(finding.kind, []).append(finding.draft_key)
    return result


def pp(session, index: int) -> int:
    return ordered_proof_points(session)[index].pk


def quotes(finding: Finding) -> list[str]:
    return [link.quote for link in finding.supporting_comments.order_by("position")]


def test_draft_picks_strengths_improvements_and_misalignments_from_the_statistics(
    findings_session, admin
):
    s = findings_session
    result = do_draft_findings(s, admin)
    assert keys_by_kind(s) == {
        Kind.STRENGTH: [f"strength:pp{pp(s, 0)}"],
        Kind.IMPROVEMENT_AREA: [f"improvement:pp{pp(s, 1)}"],
        # The significant gap first, then the low-consensus proof point it does not explain.
        Kind.MISALIGNMENT: [f"gap:pp{pp(s, 2)}", f"consensus:pp{pp(s, 3)}"],
    }
    assert result.created == 4


def test_drafted_findings_link_their_proof_point_and_say_the_numbers_in_words(
    findings_session, admin
):
    s = findings_session
    do_draft_findings(s, admin)
    found = drafted(s)
    strength = found[f"strength:pp{pp(s, 0)}"]
    assert list(strength.proof_points.values_list("pk", flat=True)) == [pp(s, 0)]
    assert strength.body.startswith(
        "All 12 respondents who gave a rating rate this “Substantially meets” or “Fully meets”, "
        "with high consensus"
    )
    improvement = found[f"improvement:pp{pp(s, 1)}"]
    assert improvement.title == "Requires improvement: Proof point 1.2"
    assert improvement.body.startswith(
        "All 12 respondents who gave a rating rate this “Not started” or “Beginning”; the "
        "typical answer is “Not started”. Consensus is high."
    )
    gap = found[f"gap:pp{pp(s, 2)}"]
    assert gap.title == "Board and Staff see this differently: Proof point 2.1"
    assert "Board rate this higher than Staff" in gap.body
    assert "“Fully meets” for Board and “Not started” for Staff" in gap.body
    assert "large (Cliff's delta 1.00) and statistically supported" in gap.body
    spread = found[f"consensus:pp{pp(s, 3)}"]
    assert "low consensus: 4 “Not started”, 8 “Fully meets”" in spread.body


def test_needs_attention_with_few_ratings_met_is_an_improvement_area(findings_session, admin):
    s = findings_session
    # Proof point 2.2: 4 of 12 at the top, 4 in the middle, 4 at the bottom.
    for group in ("Board", "Staff"):
        answers = Answer.objects.filter(session=s, proof_point_id=pp(s, 3), group__name=group)
        for answer, code in zip(answers.order_by("pk"), [1, 1, 3, 3, 5, 5], strict=True):
            answer.code = code
            answer.save(update_fields=["code"])
    do_draft_findings(s, admin)
    finding = drafted(s)[f"improvement:pp{pp(s, 3)}"]
    assert finding.title == "Needs attention: Proof point 2.2"
    assert finding.body.startswith(
        "Only 4 of the 12 respondents who gave a rating rate this “Substantially meets” or "
        "“Fully meets”"
    )
    # The bottom ratings come first among its supporting comments.
    assert quotes(finding)[0] == "Training is patchy; we should run it twice a year."


def test_a_strength_with_some_lower_ratings_says_how_many_and_who_did_not_know(
    findings_session, admin
):
    s = findings_session
    first = Answer.objects.filter(session=s, proof_point_id=pp(s, 0)).order_by("pk")
    Answer.objects.filter(pk=first[0].pk).update(code=0)  # don't know
    Answer.objects.filter(pk=first[1].pk).update(code=3)
    do_draft_findings(s, admin)
    body = drafted(s)[f"strength:pp{pp(s, 0)}"].body
    assert body.startswith("10 of the 11 respondents who gave a rating rate this")
    assert body.endswith("One more answered don't know.")


def test_supporting_comments_are_chosen_for_each_kind(findings_session, admin):
    s = findings_session
    do_draft_findings(s, admin)
    found = drafted(s)
    # A strength quotes the highest ratings first.
    assert quotes(found[f"strength:pp{pp(s, 0)}"]) == [
        "Minutes go out within a week.",
        "We always get the minutes on time.",
    ]
    # A gap alternates between the two groups, higher group first.
    assert quotes(found[f"gap:pp{pp(s, 2)}"]) == [
        "The board hears about every risk.",
        "Staff are never told about risks.",
        "Risks reach us only through rumours.",
    ]
    for finding in found.values():
        assert finding.supporting_comments.count() <= 3
        for link in finding.supporting_comments.all():
            assert link.answer.session_id == s.pk


def test_draft_turns_theme_question_and_suggestion_codes_into_findings(coded_session, admin):
    s = coded_session
    do_draft_findings(s, admin)
    by_kind = keys_by_kind(s)
    assert len(by_kind[Kind.THEME]) == 1
    assert by_kind[Kind.QUESTION] == [f"question:pp{pp(s, 1)}"]
    assert by_kind[Kind.SUGGESTION] == [f"suggestion:pp{pp(s, 3)}"]
    theme = Finding.objects.get(session=s, kind=Kind.THEME)
    assert theme.title == "Information does not reach staff"
    assert theme.body.startswith("3 comments are coded “Information does not reach staff”")
    assert set(theme.proof_points.values_list("pk", flat=True)) == {pp(s, 1), pp(s, 2)}
    # A highlighted span is quoted as highlighted; one quote per proof point comes first.
    assert quotes(theme)[0] == "Budget lines"
    question = Finding.objects.get(session=s, kind=Kind.QUESTION)
    assert quotes(question) == ["Who decides how the budget is split?"]


def test_merged_theme_codes_count_for_the_code_they_were_merged_into(coded_session, admin):
    from learnloop.analysis.models import Code, CodeApplication, CodeKind

    target = Code.objects.get(session=coded_session, kind=CodeKind.THEME)
    merged = Code.objects.create(
        session=coded_session, name="Old name", kind=CodeKind.THEME, merged_into=target
    )
    CodeApplication.objects.create(
        code=merged, answer=comment(coded_session, "Minutes go out within a week.")
    )
    do_draft_findings(coded_session, admin)
    themes = Finding.objects.filter(session=coded_session, kind=Kind.THEME)
    assert [t.title for t in themes] == ["Information does not reach staff"]
    assert "4 comments" in themes[0].body


def test_drafting_twice_on_the_same_data_changes_nothing(coded_session, admin):
    do_draft_findings(coded_session, admin)
    before = list(Finding.objects.values_list("pk", "title", "body", "position", "updated_at"))
    result = do_draft_findings(coded_session, admin)
    assert not result.changed
    assert list(Finding.objects.values_list("pk", "title", "body", "position", "updated_at")) == (
        before
    )


def test_a_new_draft_keeps_what_the_analyst_edited(findings_session, admin):
    s = findings_session
    do_draft_findings(s, admin)
    strength = drafted(s)[f"strength:pp{pp(s, 0)}"]
    do_update_finding(strength, kind=Kind.STRENGTH, title="Minutes work well", body="Our words.")
    # The data change so that the strength would now be drafted differently.
    Answer.objects.filter(session=s, proof_point_id=pp(s, 0), code=4).update(code=5)
    result = do_draft_findings(s, admin)
    strength.refresh_from_db()
    assert (strength.title, strength.body) == ("Minutes work well", "Our words.")
    assert result.kept == 1


def test_a_new_draft_refreshes_untouched_drafts_and_removes_those_the_data_no_longer_show(
    findings_session, admin
):
    s = findings_session
    do_draft_findings(s, admin)
    improvement = drafted(s)[f"improvement:pp{pp(s, 1)}"]
    # Everyone now rates proof point 1.2 fully met: no longer an improvement area.
    Answer.objects.filter(session=s, proof_point_id=pp(s, 1)).update(code=5)
    result = do_draft_findings(s, admin)
    assert not Finding.objects.filter(pk=improvement.pk).exists()
    assert f"strength:pp{pp(s, 1)}" in drafted(s)
    assert result.removed == 1
    assert result.created == 1


def test_marking_ready_or_relinking_counts_as_an_edit(findings_session, admin):
    s = findings_session
    do_draft_findings(s, admin)
    found = drafted(s)
    ready = found[f"strength:pp{pp(s, 0)}"]
    do_mark_ready(ready)
    relinked = found[f"gap:pp{pp(s, 2)}"]
    do_link_comment(relinked, comment(s, "Minutes go out within a week."))
    Answer.objects.filter(session=s).update(code=3)  # the statistics change completely
    do_draft_findings(s, admin)
    assert Finding.objects.get(pk=ready.pk).status == Status.READY
    assert Finding.objects.get(pk=relinked.pk).supporting_comments.count() == 4


def test_written_findings_are_never_touched_by_a_draft(findings_session, admin):
    written = do_create_finding(
        findings_session, admin, kind=Kind.THEME, title="Our own theme", body="Written."
    )
    do_draft_findings(findings_session, admin)
    Answer.objects.filter(session=findings_session).update(code=1)
    do_draft_findings(findings_session, admin)
    written.refresh_from_db()
    assert (written.title, written.body, written.source) == ("Our own theme", "Written.", "written")


def test_a_deleted_drafted_finding_stays_deleted_unless_asked_back(findings_session, admin):
    s = findings_session
    do_draft_findings(s, admin)
    key = f"strength:pp{pp(s, 0)}"
    do_delete_finding(drafted(s)[key])
    result = do_draft_findings(s, admin)
    assert key not in drafted(s)
    assert result.dismissed == 1
    do_draft_findings(s, admin, bring_back_deleted=True)
    assert key in drafted(s)


def test_a_new_draft_keeps_the_analysts_order(findings_session, admin):
    from learnloop.findings.actions import do_move_finding

    s = findings_session
    do_draft_findings(s, admin)
    spread = drafted(s)[f"consensus:pp{pp(s, 3)}"]
    do_move_finding(spread, "up")
    Answer.objects.filter(session=s, proof_point_id=pp(s, 3), code=1).update(code=2)
    do_draft_findings(s, admin)
    order = Finding.objects.filter(session=s, kind=Kind.MISALIGNMENT).order_by("position")
    assert [f.draft_key for f in order] == [f"consensus:pp{pp(s, 3)}", f"gap:pp{pp(s, 2)}"]


@pytest.fixture
def session_with_small_group(findings_session):
    """Two Finance respondents (below the minimum of three) who rate everything at the bottom
    and comment: they count in the overall figures but are never named."""
    proof_points = ordered_proof_points(findings_session)
    codes = {p: [1, 1] for p in range(4)}
    comments = {(0, "Finance", 0): "Finance never sees the minutes, says Zelda."}
    add_group(
        findings_session,
        "Finance",
        ["Zelda Quartermain", "Yusuf Oyelaran"],
        codes,
        comments,
        proof_points,
    )
    return findings_session


def test_a_group_below_the_minimum_size_is_never_named_in_a_draft(session_with_small_group, admin):
    do_draft_findings(session_with_small_group, admin)
    for finding in Finding.objects.filter(session=session_with_small_group):
        assert "Finance" not in finding.title
        assert "Finance" not in finding.body
    gap = Finding.objects.get(
        session=session_with_small_group, kind=Kind.MISALIGNMENT, draft_key__startswith="gap:"
    )
    assert "Board rate this higher than Staff" in gap.body


def test_draft_of_a_session_without_answers_is_empty(learning_session, admin):
    result = do_draft_findings(learning_session, admin)
    assert not result.changed
    assert not Finding.objects.filter(session=learning_session).exists()
