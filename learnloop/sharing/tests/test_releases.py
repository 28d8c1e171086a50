"""Creating, previewing, publishing and withdrawing a share release."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import client_for
from learnloop.findings.models import Finding
from learnloop.learning_sessions.models import Answer
from learnloop.sharing import actions, queries
from learnloop.sharing.models import Redaction, ReleaseFinding, ReleaseState, ShareRelease

from .conftest import make_release, review_everything, session_url


def release_post(**overrides):
    now = timezone.localtime()
    data = {
        "title": "What we heard",
        "message": "Tell us.",
        "includes_summary": "on",
        "review_opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "review_closes_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(overrides)
    return data


def test_administrator_creates_a_draft_release(sharing_session, admin_client):
    response = admin_client.post(
        session_url("sharing-create-release", sharing_session), release_post()
    )
    release = ShareRelease.objects.get()
    assert response.status_code == 302
    assert response["Location"] == session_url(
        "sharing-preview-release", sharing_session, release_id=release.pk
    )
    assert (release.state, release.includes_summary, release.includes_raw_data) == (
        ReleaseState.DRAFT,
        True,
        False,
    )


def test_a_review_period_that_closes_before_it_opens_is_refused(sharing_session, admin_client):
    now = timezone.localtime()
    data = release_post(review_closes_at=(now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    response = admin_client.post(session_url("sharing-create-release", sharing_session), data)
    assert response.status_code == 200
    assert "The review period must close after it opens." in response.content.decode()
    assert not ShareRelease.objects.exists()


def test_a_facilitator_cannot_create_edit_publish_or_withdraw(sharing_session, facilitator, admin):
    release = make_release(sharing_session, admin)
    client = client_for(facilitator)
    assert client.get(session_url("sharing-create-release", sharing_session)).status_code == 404
    for name in ["sharing-edit-release", "sharing-publish-release", "sharing-withdraw-release"]:
        url = session_url(name, sharing_session, release_id=release.pk)
        assert client.post(url, release_post(title="Changed")).status_code == 404
    release.refresh_from_db()
    assert (release.title, release.state) == ("What we heard", ReleaseState.DRAFT)


def test_preview_shows_ready_findings_redacted_and_never_a_draft_finding(
    sharing_session, findings, facilitator, admin
):
    release = make_release(sharing_session, admin)
    url = session_url("sharing-preview-release", sharing_session, release_id=release.pk)
    page = client_for(facilitator).get(url).content.decode()
    assert "Minutes reach staff late" in page
    assert "Budgets are discussed" in page
    assert "Unfinished draft finding" not in page
    assert "Nobody told us. [name] decides alone." in page
    assert "ask [name] about the archive" in page
    assert "redaction(s) have not been reviewed yet" in page  # nothing scanned, nor reviewed


def test_publishing_is_refused_while_a_redaction_is_unreviewed(sharing_session, findings, admin):
    release = make_release(sharing_session, admin)
    with pytest.raises(actions.SharingError, match="not been reviewed"):
        actions.do_publish_release(release, admin)
    release.refresh_from_db()
    assert release.state == ReleaseState.DRAFT
    assert not ReleaseFinding.objects.exists()


def test_a_comment_edited_after_the_review_blocks_publishing(sharing_session, findings, admin):
    review_everything(sharing_session, admin)
    release = make_release(sharing_session, admin)
    answer = Answer.objects.get(comment__startswith="Budget lines")
    Answer.objects.filter(pk=answer.pk).update(comment="Budget lines: ask Quintus.")
    with pytest.raises(actions.SharingError, match="1 redaction"):
        actions.do_publish_release(release, admin)
    assert not Redaction.objects.filter(original="Quintus").exists()


def test_publishing_freezes_what_is_shared(sharing_session, findings, admin):
    ready, _strength, _draft = findings
    review_everything(sharing_session, admin)
    release = actions.do_publish_release(make_release(sharing_session, admin), admin)
    assert release.state == ReleaseState.PUBLISHED
    assert release.published_by == admin
    frozen = list(release.findings.values_list("title", flat=True))
    assert frozen == ["Budgets are discussed", "Minutes reach staff late"]  # board order
    ready.title = "Changed after publication"
    ready.save(update_fields=["title"])
    Finding.objects.filter(pk=ready.pk).delete()
    contents = queries.release_contents(release)
    assert [item["title"] for item in contents["findings"]] == frozen
    assert contents["raw_data"]["rows"]
    assert contents["summary"]["proof_points"]


def test_publishing_through_the_page_asks_to_confirm_first(sharing_session, findings, admin):
    review_everything(sharing_session, admin)
    release = make_release(sharing_session, admin)
    client = client_for(admin)
    url = session_url("sharing-publish-release", sharing_session, release_id=release.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert "Publish" in response.content.decode()
    release.refresh_from_db()
    assert release.state == ReleaseState.DRAFT
    response = client.post(url)
    release.refresh_from_db()
    assert response.status_code == 302
    assert release.state == ReleaseState.PUBLISHED


def test_a_refused_publication_says_why_on_the_page(sharing_session, findings, admin):
    release = make_release(sharing_session, admin)
    client = client_for(admin)
    url = session_url("sharing-publish-release", sharing_session, release_id=release.pk)
    response = client.post(url, follow=True)
    assert "have not been reviewed yet" in response.content.decode()
    release.refresh_from_db()
    assert release.state == ReleaseState.DRAFT


def test_only_one_release_is_published_at_a_time(published, sharing_session, admin):
    second = make_release(sharing_session, admin, title="Second")
    with pytest.raises(actions.SharingError, match="withdraw it first"):
        actions.do_publish_release(second, admin)
    actions.do_withdraw_release(published)
    actions.do_publish_release(second, admin)
    assert ShareRelease.objects.get(state=ReleaseState.PUBLISHED) == second


def test_nothing_to_share_is_refused(sharing_session, admin):
    review_everything(sharing_session, admin)
    release = make_release(sharing_session, admin, includes_summary=False)
    with pytest.raises(actions.SharingError, match="nothing to share"):
        actions.do_publish_release(release, admin)
    release.refresh_from_db()
    assert release.state == ReleaseState.DRAFT


def test_a_review_period_already_over_cannot_be_published(sharing_session, findings, admin):
    review_everything(sharing_session, admin)
    past = timezone.now() - timedelta(days=1)
    release = make_release(
        sharing_session, admin, review_opens_at=past - timedelta(days=3), review_closes_at=past
    )
    with pytest.raises(actions.SharingError, match="already ended"):
        actions.do_publish_release(release, admin)


def test_a_published_release_keeps_its_contents_but_its_review_period_can_change(
    published, sharing_session, admin_client
):
    later = timezone.localtime() + timedelta(days=30)
    url = session_url("sharing-edit-release", sharing_session, release_id=published.pk)
    response = admin_client.post(
        url,
        release_post(
            title="Renamed", includes_raw_data="", review_closes_at=later.strftime("%Y-%m-%dT%H:%M")
        ),
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.title, published.includes_raw_data) == ("What we heard", True)
    assert published.review_closes_at.date() == later.date()


def test_withdrawing_asks_to_confirm_and_then_stops_sharing(published, sharing_session, admin):
    client = client_for(admin)
    url = session_url("sharing-withdraw-release", sharing_session, release_id=published.pk)
    assert client.get(url).status_code == 200
    published.refresh_from_db()
    assert published.is_published
    client.post(url)
    published.refresh_from_db()
    assert published.state == ReleaseState.WITHDRAWN
    assert published.withdrawn_at is not None
    token = sharing_session.tokens[0]
    assert client.get(f"/s/{token}/findings/").status_code == 404


def test_overview_lists_releases_and_redaction_counts(published, sharing_session, facilitator):
    page = client_for(facilitator).get(session_url("sharing-show-sharing", sharing_session))
    text = page.content.decode()
    assert page.status_code == 200
    assert "What we heard" in text
    assert "All reviewed." in text
    assert "2 findings are ready to share." in text


def test_session_dashboard_links_to_sharing_back(sharing_session, facilitator):
    page = client_for(facilitator).get(session_url("sessions-show-session", sharing_session))
    assert session_url("sharing-show-sharing", sharing_session) in page.content.decode()
