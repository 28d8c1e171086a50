"""Every write of the sharing app: redaction review, releases, participants' responses."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_tasks import default_task_backend

from learnloop.accounts.models import User
from learnloop.learning_sessions.actions import do_forget_link, do_issue_link
from learnloop.learning_sessions.models import LearningSession, LinkKind, Participant
from learnloop.lib.redaction import numbered
from learnloop.lib.tokens import new_token
from learnloop.sharing import queries
from learnloop.sharing.models import (
    ORIGINAL_LENGTH,
    ContributionKind,
    FindingResponse,
    ParticipantContribution,
    Reaction,
    Redaction,
    RedactionStatus,
    RedactionTerm,
    ReleaseFinding,
    ReleaseNotice,
    ReleaseState,
    ShareRelease,
)

MAX_TERM = 200
MAX_TEXT = 5000


class SharingError(Exception):
    """A write that was refused, with the reason to show; nothing was changed."""


# ---------------------------------------------------------------------------------------------
# Redaction


@transaction.atomic
def do_prepare_redactions(session: LearningSession) -> tuple[int, int]:
    """Scan every comment of the session and record each change the rules find.

    Idempotent: a change found before keeps its status and review (an undone change stays
    undone, even if the comment moved it); changes no longer found (the comment was edited, a
    term removed) are deleted. Returns (new changes, removed changes).
    """
    redactor = queries.redactor_for(session)
    existing = {
        (r.answer_id, r.original, r.occurrence): r
        for r in Redaction.objects.filter(answer__session=session)
    }
    found = set()
    new, moved = [], []
    for answer_id, comment in queries.session_comments(session).values_list("pk", "comment"):
        for match, occurrence in numbered(redactor.find(comment)):
            key = (answer_id, match.original[:ORIGINAL_LENGTH], occurrence)
            found.add(key)
            known = existing.get(key)
            if known is None:
                new.append(
                    Redaction(
                        answer_id=answer_id,
                        start=match.start,
                        end=match.end,
                        original=match.original[:ORIGINAL_LENGTH],
                        occurrence=occurrence,
                        replacement=match.replacement,
                        reason=match.reason,
                    )
                )
            elif (known.start, known.end, known.replacement) != (
                match.start,
                match.end,
                match.replacement,
            ):
                known.start, known.end, known.replacement = (
                    match.start,
                    match.end,
                    match.replacement,
                )
                moved.append(known)
    gone = [r.pk for key, r in existing.items() if key not in found]
    Redaction.objects.bulk_create(new)
    Redaction.objects.bulk_update(moved, ["start", "end", "replacement"])
    Redaction.objects.filter(pk__in=gone).delete()
    return len(new), len(gone)


def _decide(redaction: Redaction, status: str, user: User) -> None:
    redaction.status = status
    redaction.reviewed_by = user
    redaction.reviewed_at = timezone.now()
    redaction.save(update_fields=["status", "reviewed_by", "reviewed_at"])


@transaction.atomic
def do_undo_redaction(redaction: Redaction, user: User) -> None:
    """Keep the original words in this one place: they will be shared as written."""
    _decide(redaction, RedactionStatus.UNDONE, user)


@transaction.atomic
def do_redo_redaction(redaction: Redaction, user: User) -> None:
    """Replace the words again (after an undo), or confirm a change as reviewed."""
    _decide(redaction, RedactionStatus.APPLIED, user)


@transaction.atomic
def do_review_redactions(session: LearningSession, user: User, ids: list[int]) -> int:
    """Mark these changes (of this session, not yet reviewed) as reviewed, keeping them."""
    return Redaction.objects.filter(
        answer__session=session, pk__in=ids, reviewed_at__isnull=True
    ).update(reviewed_by=user, reviewed_at=timezone.now())


@transaction.atomic
def do_add_redaction_term(
    session: LearningSession, term: str, replacement: str, user: User
) -> RedactionTerm:
    """Remove a word or phrase from every comment of the session, then re-scan."""
    term = " ".join(term.split())
    replacement = replacement.strip() or "[removed]"
    if not term:
        raise SharingError(_("Type the word or phrase to remove."))
    if len(term) > MAX_TERM:
        raise SharingError(_("A term can be at most %(n)s characters.") % {"n": MAX_TERM})
    if session.redaction_terms.filter(term__iexact=term).exists():
        raise SharingError(_("“%(term)s” is already on the list.") % {"term": term})
    added = RedactionTerm.objects.create(
        session=session, term=term, replacement=replacement[:40], created_by=user
    )
    do_prepare_redactions(session)
    return added


@transaction.atomic
def do_remove_redaction_term(term: RedactionTerm) -> None:
    """Stop removing this term; the changes it made disappear at the re-scan."""
    session = term.session
    term.delete()
    do_prepare_redactions(session)


# ---------------------------------------------------------------------------------------------
# Releases


def _check_release(title: str, opens: datetime, closes: datetime) -> str:
    title = title.strip()
    if not title:
        raise SharingError(_("Give the release a title."))
    if closes <= opens:
        raise SharingError(_("The review period must close after it opens."))
    return title


@transaction.atomic
def do_create_release(
    session: LearningSession,
    user: User,
    *,
    title: str,
    message: str,
    includes_summary: bool,
    includes_raw_data: bool,
    review_opens_at: datetime,
    review_closes_at: datetime,
) -> ShareRelease:
    title = _check_release(title, review_opens_at, review_closes_at)
    return ShareRelease.objects.create(
        session=session,
        title=title,
        message=message.strip(),
        includes_summary=includes_summary,
        includes_raw_data=includes_raw_data,
        review_opens_at=review_opens_at,
        review_closes_at=review_closes_at,
        created_by=user,
    )


RELEASE_FIELDS = [
    "title",
    "message",
    "includes_summary",
    "includes_raw_data",
    "review_opens_at",
    "review_closes_at",
]


@transaction.atomic
def do_update_release(release: ShareRelease, **fields) -> None:
    """Change a draft; a published release's contents are frozen, only its review period may
    still change (to extend or shorten it)."""
    release = ShareRelease.objects.select_for_update().get(pk=release.pk)
    if release.state == ReleaseState.WITHDRAWN:
        raise SharingError(_("This release was withdrawn; create a new one."))
    if not release.is_draft:
        fields = {k: v for k, v in fields.items() if k in ("review_opens_at", "review_closes_at")}
    values = {key: fields.get(key, getattr(release, key)) for key in RELEASE_FIELDS}
    values["title"] = _check_release(
        values["title"], values["review_opens_at"], values["review_closes_at"]
    )
    values["message"] = values["message"].strip()
    for key, value in values.items():
        setattr(release, key, value)
    release.save(update_fields=RELEASE_FIELDS)


def publishing_problems(release: ShareRelease) -> list[str]:
    """Why this release cannot be published now (empty when it can). Reads only."""
    problems = []
    session = release.session
    if not release.is_draft:
        problems.append(_("Only a draft can be published."))
    if session.share_releases.filter(state=ReleaseState.PUBLISHED).exclude(pk=release.pk).exists():
        problems.append(_("Another release of this session is published: withdraw it first."))
    unreviewed = queries.unreviewed_changes(session)
    if unreviewed:
        problems.append(
            _("%(n)s redaction(s) have not been reviewed yet: review them first.")
            % {"n": unreviewed}
        )
    if release.review_closes_at <= timezone.now():
        problems.append(_("The review period has already ended: choose later dates."))
    return problems


@transaction.atomic
def do_publish_release(release: ShareRelease, user: User) -> ShareRelease:
    """Freeze the release's contents and publish it.

    Refused, changing nothing, while any change the rules find in the comments now has not
    been reviewed (including one in a comment edited since the last scan), while another
    release is published, or once its review period is over.
    """
    locked = ShareRelease.objects.select_for_update(of=("self",)).select_related("session")
    release = locked.get(pk=release.pk)
    problems = publishing_problems(release)
    if problems:
        raise SharingError(" ".join(problems))
    contents = queries.build_contents(
        release.session, release.includes_summary, release.includes_raw_data
    )
    if not contents["findings"] and not release.includes_summary:
        raise SharingError(
            _("There is nothing to share: mark findings ready to share or include the summary.")
        )
    ReleaseFinding.objects.bulk_create(
        ReleaseFinding(
            release=release,
            finding_id=item["finding_id"],
            position=item["position"],
            kind=item["kind"],
            kind_label=item["kind_label"],
            title=item["title"][:300],
            text=item["text"],
            proof_points=item["proof_points"],
            quotes=item["quotes"],
        )
        for item in contents["findings"]
    )
    release.summary = contents["summary"]
    release.raw_data = contents["raw_data"]
    release.state = ReleaseState.PUBLISHED
    release.published_at = timezone.now()
    release.published_by = user
    release.save(update_fields=["summary", "raw_data", "state", "published_at", "published_by"])
    return release


@transaction.atomic
def do_withdraw_release(release: ShareRelease) -> None:
    """Stop sharing the release at once; responses already given are kept for the analysts."""
    release = ShareRelease.objects.select_for_update().get(pk=release.pk)
    if not release.is_published:
        raise SharingError(_("Only a published release can be withdrawn."))
    release.state = ReleaseState.WITHDRAWN
    release.withdrawn_at = timezone.now()
    release.save(update_fields=["state", "withdrawn_at"])


@transaction.atomic
def do_delete_release(release: ShareRelease) -> None:
    if not release.is_draft:
        raise SharingError(_("Only a draft can be deleted; withdraw a published release."))
    release.delete()


# ---------------------------------------------------------------------------------------------
# Participants' responses


def _reader(participant: Participant | None, user: User | None) -> dict:
    if (participant is None) == (user is None):
        raise ValueError("A response comes from a participant's link or a member, not both.")
    return {"participant": participant} if participant is not None else {"user": user}


def _check_review_open(release: ShareRelease) -> None:
    if not release.review_is_open():
        raise SharingError(_("The review period is over: responses can no longer change."))


@transaction.atomic
def do_record_response(
    finding: ReleaseFinding,
    response: str,
    comment: str = "",
    *,
    participant: Participant | None = None,
    user: User | None = None,
) -> FindingResponse:
    """Record or change one person's response to one finding, while the review is open."""
    reader = _reader(participant, user)
    _check_review_open(finding.release)
    if response not in Reaction.values:
        raise SharingError(_("Choose agree, disagree or not sure."))
    comment = comment.strip()
    if len(comment) > MAX_TEXT:
        raise SharingError(_("A comment can be at most %(n)s characters.") % {"n": MAX_TEXT})
    now = timezone.now()
    try:
        with transaction.atomic():
            found, _created = FindingResponse.objects.update_or_create(
                finding=finding,
                **reader,
                defaults={"response": response, "comment": comment, "updated_at": now},
                create_defaults={
                    "response": response,
                    "comment": comment,
                    "created_at": now,
                    "updated_at": now,
                },
            )
    except IntegrityError:  # the same person, twice at once: the other request won
        found = FindingResponse.objects.get(finding=finding, **reader)
    return found


@transaction.atomic
def do_add_contribution(
    release: ShareRelease,
    kind: str,
    text: str,
    *,
    participant: Participant | None = None,
    user: User | None = None,
) -> ParticipantContribution:
    """A theme the participant sees, or a question they ask, while the review is open."""
    reader = _reader(participant, user)
    _check_review_open(release)
    if kind not in ContributionKind.values:
        raise SharingError(_("Say whether this is a theme or a question."))
    text = text.strip()
    if not text:
        raise SharingError(_("Write the theme or question first."))
    if len(text) > MAX_TEXT:
        raise SharingError(_("This can be at most %(n)s characters.") % {"n": MAX_TEXT})
    return ParticipantContribution.objects.create(release=release, kind=kind, text=text, **reader)


# ---------------------------------------------------------------------------------------------
# Telling participants


def findings_link(token: str) -> str:
    return settings.BASE_URL + reverse("sharing-show-release", kwargs={"token": token})


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _release_problems(release: ShareRelease) -> list[str]:
    """Why nobody may be emailed about the release at all."""
    if release.session.is_anonymous:
        return [_("Anonymous sessions send no emails: Learnloop does not know who the people are.")]
    if not release.is_published:
        return [_("Only a published release can be announced.")]
    if release.review_closes_at <= timezone.now():
        return [_("The review period is over: there is nothing left to invite people to.")]
    return []


def notice_problems(release: ShareRelease) -> list[str]:
    """Why the release's email cannot be sent, or scheduled, now (empty when it can)."""
    problems = _release_problems(release)
    if problems:
        return problems
    opens = opens_later(release)
    if opens is not None and not default_task_backend.supports_defer:
        # Without a worker that runs tasks later there is no way to wait for the opening.
        return [
            _("The review opens on %(date)s: email the participants then, when the link works.")
            % {"date": _when(opens)}
        ]
    if opens is not None and release.notices_scheduled_for == opens:
        return [
            _("The emails are already scheduled for %(date)s, when the review opens.")
            % {"date": _when(opens)}
        ]
    return []


def opens_later(release: ShareRelease) -> datetime | None:
    """When the review opens, if that is still to come (the emails then wait for it)."""
    return release.review_opens_at if release.review_opens_at > timezone.now() else None


@transaction.atomic
def do_notify_participants(release: ShareRelease) -> queries.NoticePlan:
    """Queue the release's email, with a new personal link, for everyone who should have it
    and has not had it yet (``queries.notice_plan``); returns who was and was not queued.

    Before the review opens, the emails are queued to go out when it opens (the worker runs
    them then), and the release records for when, so that they are not scheduled twice."""
    from learnloop.sharing.tasks import send_release_notice

    locked = ShareRelease.objects.select_for_update(of=("self",)).select_related("session")
    release = locked.get(pk=release.pk)
    problems = notice_problems(release)
    if problems:
        raise SharingError(" ".join(problems))
    plan = queries.notice_plan(release)
    opens = opens_later(release)
    task = send_release_notice if opens is None else send_release_notice.using(run_after=opens)
    for participant in plan.to_send:
        task.enqueue(release.pk, participant.pk)
    if opens is not None:
        release.notices_scheduled_for = opens
        release.save(update_fields=["notices_scheduled_for"])
    plan.scheduled_for = opens
    return plan


def do_email_release_notice(release_id: int, participant_id: int) -> bool:
    """Send one participant the release's email with a new personal link; the work of a
    background task. Returns whether an email was sent.

    The checks are repeated, since things may have changed since the task was queued. With
    the participant locked (so that a revocation cannot slip in between), the notice and the
    link are saved first, so the link works the moment the email arrives and two tasks for
    the same person send one email; if sending fails, both are removed again, so no link is
    left that nobody holds and pressing "Email participants" again sends it.
    """
    from learnloop.sharing.emails import send_release_email
    from learnloop.sharing.tasks import send_release_notice

    release = ShareRelease.objects.select_related("session__organization").filter(pk=release_id)
    release = release.first()
    if release is None or _release_problems(release):
        return False
    opens = opens_later(release)
    if opens is not None and default_task_backend.supports_defer:
        # The opening was moved later since this was queued: wait for it again.
        send_release_notice.using(run_after=opens).enqueue(release_id, participant_id)
        return False
    if opens is not None:
        return False
    token = new_token()
    with transaction.atomic():
        participant = (
            # Only the participant's row: PostgreSQL locks no row of an outer join's nullable
            # side (the person).
            Participant.objects.select_for_update(of=("self",))
            .select_related("person", "session")
            .filter(pk=participant_id, session_id=release.session_id)
            .first()
        )
        if participant is None or not _may_be_told(participant):
            return False
        notice, created = ReleaseNotice.objects.get_or_create(
            release=release, participant=participant, defaults={"sent_to": participant.person.email}
        )
        if not created:
            return False
        do_issue_link(participant, LinkKind.FINDINGS, token)
    try:
        send_release_email(release, participant, findings_link(token))
    except Exception:
        with transaction.atomic():
            notice.delete()
            do_forget_link(token)
        raise
    return True


def _may_be_told(participant: Participant) -> bool:
    """A person with an email address and a working link (a revocation is not overruled)."""
    person = participant.person
    return person is not None and bool(person.email) and participant.has_working_link
