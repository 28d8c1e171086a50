"""Finding the changes to every comment, reviewing them, undoing one, and the terms analysts add."""

from conftest import client_for
from learnloop.learning_sessions.models import Answer
from learnloop.sharing import actions, queries
from learnloop.sharing.models import Redaction, RedactionStatus, RedactionTerm

from .conftest import answer_with, session_url


def changes(session):
    return sorted(
        Redaction.objects.filter(answer__session=session).values_list("original", "replacement")
    )


def test_scanning_finds_names_emails_and_phone_numbers_in_every_comment(sharing_session):
    new, removed = actions.do_prepare_redactions(sharing_session)
    assert (new, removed) == (7, 0)
    assert changes(sharing_session) == sorted(
        [
            ("Septimus", "[name]"),
            ("theodora@example.org", "[email]"),
            ("020 7946 0958", "[phone]"),
            ("Ottoline Brackenbury", "[name]"),
            ("Rosalind", "[name]"),
            ("Zebedee", "[name]"),
            ("Finance", "[group]"),  # a group of fewer respondents than the minimum
        ]
    )
    assert not Redaction.objects.filter(reviewed_at__isnull=False).exists()


def test_members_accounts_are_people_too_but_an_email_is_not_a_name(
    sharing_session, admin, facilitator
):
    admin.name = "Cordelia Fitzwilliam"
    admin.save(update_fields=["name"])
    redactor = queries.redactor_for(sharing_session)
    text = "Cordelia and example.org staff"  # the other members are named by their email
    assert queries.redacted_comment(redactor, queries.Decisions(), 0, text) == (
        "[name] and example.org staff"
    )


def test_scanning_twice_changes_nothing(sharing_session):
    actions.do_prepare_redactions(sharing_session)
    before = list(Redaction.objects.values_list("pk", "start", "end", "status"))
    assert actions.do_prepare_redactions(sharing_session) == (0, 0)
    assert list(Redaction.objects.values_list("pk", "start", "end", "status")) == before


def test_an_undo_survives_a_rescan_after_the_comment_moved_the_words(sharing_session, admin):
    actions.do_prepare_redactions(sharing_session)
    answer = answer_with(sharing_session, "Rosalind's team")
    rosalind = Redaction.objects.get(answer=answer, original="Rosalind")
    actions.do_undo_redaction(rosalind, admin)
    Answer.objects.filter(pk=answer.pk).update(comment="Honestly, Rosalind's team asked twice.")
    actions.do_prepare_redactions(sharing_session)
    rosalind.refresh_from_db()
    assert (rosalind.status, rosalind.start) == (RedactionStatus.UNDONE, 10)
    decisions = queries.Decisions.of(sharing_session)
    redactor = queries.redactor_for(sharing_session)
    text = "Honestly, Rosalind's team asked twice."
    assert queries.redacted_comment(redactor, decisions, answer.pk, text) == text


def test_a_change_no_longer_found_is_removed(sharing_session):
    actions.do_prepare_redactions(sharing_session)
    answer = answer_with(sharing_session, "Zebedee here")
    Answer.objects.filter(pk=answer.pk).update(comment="Finance is never consulted.")
    assert actions.do_prepare_redactions(sharing_session) == (0, 1)
    Answer.objects.filter(pk=answer.pk).update(comment="Nobody is ever consulted.")
    assert actions.do_prepare_redactions(sharing_session) == (0, 1)
    assert not Redaction.objects.filter(answer=answer).exists()


def test_a_comment_never_scanned_is_still_redacted_when_shared(sharing_session):
    answer = answer_with(sharing_session, "Nobody told us")
    redactor = queries.redactor_for(sharing_session)
    text = queries.redacted_comment(redactor, queries.Decisions(), answer.pk, answer.comment)
    assert text == "Nobody told us. [name] decides alone."


def test_a_term_is_removed_everywhere_and_can_be_taken_off_the_list(sharing_session, admin):
    term = actions.do_add_redaction_term(sharing_session, "  the   archive ", "[place]", admin)
    assert term.term == "the archive"
    assert ("the archive", "[place]") in changes(sharing_session)
    actions.do_remove_redaction_term(term)
    assert ("the archive", "[place]") not in changes(sharing_session)


def test_a_blank_or_repeated_term_is_refused_and_changes_nothing(sharing_session, admin):
    actions.do_add_redaction_term(sharing_session, "archive", "", admin)
    for bad in ["   ", "ARCHIVE"]:
        try:
            actions.do_add_redaction_term(sharing_session, bad, "", admin)
        except actions.SharingError:
            pass
        else:
            raise AssertionError(f"{bad!r} was accepted")
    assert list(RedactionTerm.objects.values_list("term", "replacement")) == [
        ("archive", "[removed]")
    ]


# ---------------------------------------------------------------------------------------------
# Pages


def test_review_page_lists_each_change_in_its_comment(sharing_session, facilitator):
    actions.do_prepare_redactions(sharing_session)
    response = client_for(facilitator).get(
        session_url("sharing-review-redactions", sharing_session)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<del" in page
    assert "theodora@example.org" in page
    assert "[email]" in page
    assert "Staff never see the minutes. Write to " in page


def test_analyst_undoes_and_redoes_one_change_through_the_page(sharing_session, facilitator):
    actions.do_prepare_redactions(sharing_session)
    redaction = Redaction.objects.get(original="Septimus")
    client = client_for(facilitator)
    url = session_url("sharing-undo-redaction", sharing_session, redaction_id=redaction.pk)
    response = client.post(url, {"back": "show=all"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?show=all#redaction-{redaction.pk}")
    redaction.refresh_from_db()
    assert redaction.status == RedactionStatus.UNDONE
    assert redaction.reviewed_by == facilitator
    url = session_url("sharing-redo-redaction", sharing_session, redaction_id=redaction.pk)
    client.post(url)
    redaction.refresh_from_db()
    assert redaction.status == RedactionStatus.APPLIED


def test_keeping_the_changes_shown_marks_only_those_reviewed(sharing_session, facilitator):
    actions.do_prepare_redactions(sharing_session)
    first, _second, *_rest = Redaction.objects.order_by("pk")
    client_for(facilitator).post(
        session_url("sharing-keep-redactions", sharing_session),
        {"redaction": [str(first.pk), "nonsense"]},
    )
    assert list(Redaction.objects.filter(reviewed_at__isnull=False)) == [first]


def test_scan_and_terms_through_the_pages(sharing_session, facilitator):
    client = client_for(facilitator)
    client.post(session_url("sharing-scan-redactions", sharing_session))
    assert Redaction.objects.filter(answer__session=sharing_session).count() == 7
    client.post(session_url("sharing-add-term", sharing_session), {"term": "archive"})
    term = RedactionTerm.objects.get()
    assert Redaction.objects.filter(original="archive").exists()
    client.post(session_url("sharing-remove-term", sharing_session, term_id=term.pk))
    assert not RedactionTerm.objects.exists()
    response = client.post(session_url("sharing-add-term", sharing_session), {"term": ""})
    assert response.status_code == 302
    assert not RedactionTerm.objects.exists()


def test_a_redaction_of_another_session_is_not_found(sharing_session, facilitator, organization):
    from conftest import make_framework
    from learnloop.learning_sessions.models import LearningSession

    framework = make_framework(organization, key="other")
    other = LearningSession.objects.create(
        organization=organization,
        title="Other",
        framework=framework,
        scale=framework.default_scale,
    )
    actions.do_prepare_redactions(sharing_session)
    redaction = Redaction.objects.first()
    url = session_url("sharing-undo-redaction", other, redaction_id=redaction.pk)
    assert client_for(facilitator).post(url).status_code == 404
    redaction.refresh_from_db()
    assert redaction.status == RedactionStatus.APPLIED


def test_a_very_long_match_is_recorded_once_and_kept_undone(sharing_session, admin):
    address = "a" * 320 + "@example.org"
    answer = answer_with(sharing_session, "Budget lines")
    Answer.objects.filter(pk=answer.pk).update(comment=f"Write to {address} now.")
    actions.do_prepare_redactions(sharing_session)
    redaction = Redaction.objects.get(answer=answer)
    actions.do_undo_redaction(redaction, admin)
    assert actions.do_prepare_redactions(sharing_session) == (0, 0)
    assert queries.unreviewed_changes(sharing_session) == 7  # the seven others, not this one
    redactor = queries.redactor_for(sharing_session)
    text = f"Write to {address} now."
    decisions = queries.Decisions.of(sharing_session)
    assert queries.redacted_comment(redactor, decisions, answer.pk, text) == text
