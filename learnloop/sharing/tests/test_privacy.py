"""Nothing shared contains a participant's name or email, or a group below the minimum size, in
any anonymity mode: the participant's page, the members' page, the raw data CSV, the PDF pack."""

import csv
import io
import shutil
import subprocess

import pytest
from django.test import Client

from conftest import add_participant, client_for
from learnloop.learning_sessions.models import Answer
from learnloop.organizations.models import Group, Person
from learnloop.sharing import actions, queries
from learnloop.sharing.models import Redaction

from .conftest import (
    EMAILS,
    NAMES,
    SMALL_GROUP,
    make_release,
    ordered_proof_points,
    review_everything,
    session_url,
)

FORBIDDEN_WORDS = sorted({word for name in NAMES for word in name.split()} | set(EMAILS))


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def assert_private(text: str, where: str) -> None:
    for word in FORBIDDEN_WORDS:
        assert word.casefold() not in text.casefold(), f"{word!r} in {where}"
    assert SMALL_GROUP.casefold() not in text.casefold(), f"{SMALL_GROUP!r} in {where}"


def shared_outputs(session, release, viewer) -> dict[str, str]:
    token = session.tokens[3]
    link = Client()
    member = client_for(viewer)
    shared = session_url("sharing-show-shared", session)
    return {
        "link page": link.get(f"/s/{token}/findings/").content.decode(),
        "link CSV": link.get(f"/s/{token}/findings/raw-data.csv").content.decode("utf-8-sig"),
        "link PDF": pdf_text(link.get(f"/s/{token}/findings/pack.pdf").content),
        "members page": member.get(shared).content.decode(),
        "members CSV": member.get(f"{shared}raw-data.csv").content.decode("utf-8-sig"),
        "members PDF": pdf_text(member.get(f"{shared}pack.pdf").content),
    }


@pytest.mark.parametrize("with_merged_groups", [False, True])
def test_nothing_shared_names_anyone_or_a_small_group(
    any_mode, findings, admin, viewer, with_merged_groups
):
    if with_merged_groups:  # Finance (1) and Legal (2) merged as "Other groups"
        add_respondents(any_mode, "Legal", ["Lavinia Strudwick", "Barnaby Pennywhistle"])
    review_everything(any_mode, admin)
    release = actions.do_publish_release(make_release(any_mode, admin), admin)
    outputs = shared_outputs(any_mode, release, viewer)
    for where, text in outputs.items():
        assert_private(text, f"{where} ({any_mode.anonymity})")
        for word in ["Legal", "Lavinia", "Strudwick", "Barnaby", "Pennywhistle"]:
            assert word not in text, f"{word!r} in {where}"
    assert ("Other groups" in outputs["link CSV"]) is with_merged_groups
    # What is shared is still there, redacted.
    assert "Nobody told us. [name] decides alone." in outputs["link page"]
    assert "[email] or call [phone]" in outputs["members page"]
    assert "[name] here: [group] is never consulted." in outputs["link CSV"]
    assert "Minutes reach staff late" in outputs["link PDF"]


def add_respondents(session, group_name: str, names: list[str]) -> None:
    organization = session.organization
    group = Group.objects.create(organization=organization, name=group_name)
    for name in names:
        person = Person.objects.create(organization=organization, name=name)
        participant, _token = add_participant(session, person, group)
        for proof_point in ordered_proof_points(session):
            Answer.objects.create(
                participant=participant,
                session=session,
                group=group,
                proof_point=proof_point,
                code=3,
                comment="",
            )


def test_the_raw_data_merges_small_groups_into_other_groups(sharing_session, findings, admin):
    add_respondents(sharing_session, "Legal", ["Lavinia Strudwick", "Barnaby Pennywhistle"])
    review_everything(sharing_session, admin)
    release = actions.do_publish_release(make_release(sharing_session, admin), admin)
    rows = release.raw_data["rows"]
    assert {row[2] for row in rows} == {"Board", "Staff", "Other groups"}
    assert sum(row[2] == "Other groups" for row in rows) == 3 * 4  # Finance 1 + Legal 2
    assert len(rows) == 9 * 4  # every rating of the nine respondents
    assert release.raw_data["columns"] == [
        "proof_point_key",
        "proof_point",
        "group",
        "rating",
        "comment",
    ]
    text = str(release.raw_data) + str(release.summary)
    assert "Legal" not in text
    assert "Finance" not in text


def test_the_raw_data_shows_no_group_when_the_merged_rows_would_still_be_too_few(published):
    # Finance has one respondent: "Other groups" would be that one person, so no row shows a
    # group (as in the report's respondent rows).
    assert {row[2] for row in published.raw_data["rows"]} == {""}
    assert published.raw_data["groups_shown"] is False
    assert published.raw_data["rows"]


def test_without_a_small_group_every_group_is_shown(sharing_session):
    sharing_session.min_group_size = 1
    sharing_session.save(update_fields=["min_group_size"])
    labels, shown = queries.group_labels(sharing_session)
    assert shown
    assert sorted(set(labels.values())) == ["Board", "Finance", "Staff"]


def test_raw_data_rows_are_shuffled(sharing_session, admin):
    redactor = queries.redactor_for(sharing_session)
    decisions = queries.Decisions.of(sharing_session)
    orders = {
        tuple(map(tuple, queries.raw_data(sharing_session, redactor, decisions, seed)["rows"]))
        for seed in range(5)
    }
    assert len(orders) > 1


def test_an_undone_change_is_shared_as_written_and_only_that_one(sharing_session, findings, admin):
    review_everything(sharing_session, admin)
    septimus = Redaction.objects.get(original="Septimus")
    actions.do_undo_redaction(septimus, admin)
    release = actions.do_publish_release(make_release(sharing_session, admin), admin)
    page = Client().get(f"/s/{sharing_session.tokens[0]}/findings/").content.decode()
    assert "ask Septimus about the archive" in page
    assert "Nobody told us. [name] decides alone." in page
    comments = {row[4] for row in release.raw_data["rows"]}
    assert "Minutes go out within a week; ask Septimus about the archive." in comments


def test_csv_neutralizes_formulas(published, sharing_session):
    content = Client().get(f"/s/{sharing_session.tokens[0]}/findings/raw-data.csv").content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    comments = [row[4] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in comments
    assert not any(comment.startswith("=") for comment in comments)


def test_a_release_without_raw_data_offers_none(sharing_session, findings, admin):
    review_everything(sharing_session, admin)
    release = make_release(sharing_session, admin, includes_raw_data=False)
    actions.do_publish_release(release, admin)
    token = sharing_session.tokens[0]
    assert Client().get(f"/s/{token}/findings/raw-data.csv").status_code == 404
    assert "The raw data" not in Client().get(f"/s/{token}/findings/").content.decode()


def test_the_pack_is_a4(published, facilitator):
    url = session_url("sharing-download-pack", published.session, release_id=published.pk)
    response = client_for(facilitator).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="what-we-heard-pack.pdf"'
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    info = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "595.276 x 841.89 pts (A4)" in info
