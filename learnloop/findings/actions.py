"""Every write to the findings board. Views, commands and other apps all come here.

A write that cannot be done raises FindingError with a message the analyst can act on, and
changes nothing. An analyst's change to a drafted finding marks it edited (``edited_at``), and
no later draft touches it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from learnloop.accounts.models import User
from learnloop.findings.draft import DraftItem, build_draft
from learnloop.findings.models import (
    DismissedDraft,
    Finding,
    FindingComment,
    Kind,
    Source,
    Status,
)
from learnloop.findings.queries import draft_input
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.reports.access import Audience

TITLE_LENGTH = Finding._meta.get_field("title").max_length


class FindingError(Exception):
    """A write refused for a reason the analyst can act on; str() is the message."""


def normalized(text: str) -> str:
    return " ".join(text.split())


def _check_text(kind: str, title: str) -> str:
    if kind not in Kind.values:
        raise FindingError(_("Choose what kind of finding this is."))
    title = title.strip()
    if not title:
        raise FindingError(_("Give the finding a title."))
    if len(title) > TITLE_LENGTH:
        raise FindingError(
            _("The title is %(n)d characters long; keep it to %(max)d.")
            % {"n": len(title), "max": TITLE_LENGTH}
        )
    return title


def _check_proof_points(session: LearningSession, proof_points: Iterable[ProofPoint]) -> list:
    chosen = list(proof_points)
    modules = set(session.modules.values_list("pk", flat=True))
    for proof_point in chosen:
        if proof_point.module_id not in modules:
            raise FindingError(
                _("“%(text)s” is not a proof point of this learning session's modules.")
                % {"text": proof_point.text}
            )
    return chosen


def _next_position(session: LearningSession, kind: str) -> int:
    last = Finding.objects.filter(session=session, kind=kind).aggregate(last=Max("position"))
    return 0 if last["last"] is None else last["last"] + 1


def _touch(finding: Finding, fields: list[str]) -> None:
    now = timezone.now()
    finding.updated_at = now
    finding.edited_at = now
    finding.save(update_fields=[*fields, "updated_at", "edited_at"])


@transaction.atomic
def do_create_finding(
    session: LearningSession,
    user: User | None,
    *,
    kind: str,
    title: str,
    body: str = "",
    proof_points: Iterable[ProofPoint] = (),
) -> Finding:
    """A finding the analyst writes, at the end of its kind's section."""
    title = _check_text(kind, title)
    chosen = _check_proof_points(session, proof_points)
    now = timezone.now()
    finding = Finding.objects.create(
        session=session,
        kind=kind,
        title=title,
        body=body.strip(),
        position=_next_position(session, kind),
        source=Source.WRITTEN,
        created_by=user,
        created_at=now,
        updated_at=now,
        edited_at=now,
    )
    finding.proof_points.set(chosen)
    return finding


@transaction.atomic
def do_update_finding(
    finding: Finding,
    *,
    kind: str,
    title: str,
    body: str,
    proof_points: Iterable[ProofPoint] | None = None,
) -> bool:
    """Change a finding's words (and its proof points when given). Returns whether anything
    changed; an unchanged save does not mark a drafted finding edited."""
    title = _check_text(kind, title)
    body = body.strip()
    changed = [
        name
        for name, value in (("kind", kind), ("title", title), ("body", body))
        if getattr(finding, name) != value
    ]
    if "kind" in changed:
        finding.position = _next_position(finding.session, kind)
        changed.append("position")
    finding.kind, finding.title, finding.body = kind, title, body
    links_changed = False
    if proof_points is not None:
        links_changed = do_link_proof_points(finding, proof_points)
    if changed:
        _touch(finding, changed)
    return bool(changed) or links_changed


@transaction.atomic
def do_link_proof_points(finding: Finding, proof_points: Iterable[ProofPoint]) -> bool:
    """Link exactly these proof points (each of the session's modules). Returns whether the
    links changed."""
    chosen = _check_proof_points(finding.session, proof_points)
    before = set(finding.proof_points.values_list("pk", flat=True))
    if before == {proof_point.pk for proof_point in chosen}:
        return False
    finding.proof_points.set(chosen)
    _touch(finding, [])
    return True


def _quote(answer: Answer, quote: str | None) -> str:
    comment = answer.comment.strip()
    if not comment:
        raise FindingError(_("This answer has no comment to quote."))
    if quote is None or not quote.strip():
        return comment
    quote = quote.strip()
    if normalized(quote) not in normalized(comment):
        raise FindingError(
            _(
                "The quote must be words from the comment itself: “%(quote)s” is not in it. "
                "Copy a passage of the comment, or leave the quote empty to use all of it."
            )
            % {"quote": quote[:80]}
        )
    return quote


@transaction.atomic
def do_link_comment(finding: Finding, answer: Answer, quote: str | None = None) -> FindingComment:
    """Link a comment of the finding's own session as support, quoting all of it or a
    passage of it. Linking it again changes the quote."""
    if answer.session_id != finding.session_id:
        raise FindingError(
            _(
                "That comment belongs to another learning session: a finding can only be "
                "supported by comments of its own session."
            )
        )
    text = _quote(answer, quote)
    link = FindingComment.objects.filter(finding=finding, answer=answer).first()
    if link is None:
        last = finding.supporting_comments.aggregate(last=Max("position"))["last"]
        link = FindingComment(
            finding=finding, answer=answer, quote=text, position=0 if last is None else last + 1
        )
        link.save()
    elif link.quote != text:
        link.quote = text
        link.save(update_fields=["quote"])
    else:
        return link
    _touch(finding, [])
    return link


@transaction.atomic
def do_unlink_comment(finding: Finding, answer: Answer) -> bool:
    """Take a supporting comment off a finding. Returns whether it was linked."""
    deleted, _details = FindingComment.objects.filter(finding=finding, answer=answer).delete()
    if deleted:
        _touch(finding, [])
    return bool(deleted)


@transaction.atomic
def do_delete_finding(finding: Finding) -> None:
    """Delete a finding. A drafted one is remembered, so the next draft does not bring it back
    (unless the analyst asks for deleted drafts again)."""
    if finding.source == Source.DRAFTED and finding.draft_key:
        DismissedDraft.objects.get_or_create(session=finding.session, draft_key=finding.draft_key)
    finding.delete()


@transaction.atomic
def do_reorder_findings(session: LearningSession, kind: str, finding_ids: Sequence[int]) -> None:
    """Put one section's findings in this order. The ids must be exactly that section's."""
    current = {
        f.pk: f for f in Finding.objects.select_for_update().filter(session=session, kind=kind)
    }
    if sorted(finding_ids) != sorted(current):
        raise FindingError(
            _("The board changed while you were ordering it; reload the page and try again.")
        )
    for position, pk in enumerate(finding_ids):
        finding = current[pk]
        if finding.position != position:
            finding.position = position
            finding.save(update_fields=["position"])


@transaction.atomic
def do_move_finding(finding: Finding, direction: str) -> bool:
    """Move a finding one place up or down within its section. Returns whether it moved."""
    if direction not in ("up", "down"):
        raise FindingError(_("Move a finding up or down."))
    order = list(
        Finding.objects.filter(session=finding.session, kind=finding.kind)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    index = order.index(finding.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(order):
        return False
    order[index], order[other] = order[other], order[index]
    do_reorder_findings(finding.session, finding.kind, order)
    return True


@transaction.atomic
def do_mark_ready(finding: Finding, ready: bool = True) -> bool:
    """Mark a finding ready to share (or back to draft). Returns whether it changed."""
    status = Status.READY if ready else Status.DRAFT
    if finding.status == status:
        return False
    finding.status = status
    _touch(finding, ["status"])
    return True


# ---------------------------------------------------------------------------------------------
# The first draft


@dataclass
class DraftResult:
    """What a draft did, for the message the analyst reads."""

    created: int = 0
    refreshed: int = 0
    removed: int = 0
    kept: int = 0
    dismissed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.refreshed or self.removed)


def _link_drafted(finding: Finding, item: DraftItem, answers: dict[int, Answer]) -> None:
    finding.proof_points.set(item.proof_point_ids)
    finding.supporting_comments.all().delete()
    FindingComment.objects.bulk_create(
        FindingComment(finding=finding, answer=answers[answer_id], quote=quote, position=i)
        for i, (answer_id, quote) in enumerate(item.comments)
        if answer_id in answers
    )


def _drafted_state(finding: Finding) -> tuple:
    return (
        finding.title,
        finding.body,
        sorted(pp.pk for pp in finding.proof_points.all()),
        [(link.answer_id, link.quote) for link in finding.supporting_comments.all()],
    )


def _item_state(item: DraftItem) -> tuple:
    return (item.title, item.body, sorted(item.proof_point_ids), list(item.comments))


@transaction.atomic
def do_draft_findings(
    session: LearningSession, user: User | None, *, bring_back_deleted: bool = False
) -> DraftResult:
    """Build the first draft from the statistics and the codes, or refresh it.

    Only untouched drafted findings are replaced: a drafted finding the analyst changed (or
    marked ready) is kept as it is, findings the analyst wrote are never touched, and drafted
    findings the analyst deleted stay deleted unless ``bring_back_deleted``. Running it twice
    on the same data changes nothing.
    """
    LearningSession.objects.select_for_update().filter(pk=session.pk).first()
    if bring_back_deleted:
        DismissedDraft.objects.filter(session=session).delete()
    items = build_draft(draft_input(session, Audience(details=True, names=False)))
    dismissed = set(
        DismissedDraft.objects.filter(session=session).values_list("draft_key", flat=True)
    )
    existing = {
        f.draft_key: f
        for f in Finding.objects.filter(session=session, source=Source.DRAFTED)
        .exclude(draft_key="")
        .prefetch_related("proof_points", "supporting_comments")
    }
    wanted = {answer_id for item in items for answer_id, _quote in item.comments}
    answers = Answer.objects.filter(session=session).in_bulk(wanted)
    result = DraftResult()
    now = timezone.now()
    for item in items:
        finding = existing.pop(item.key, None)
        if finding is not None and not finding.is_untouched_draft:
            result.kept += 1
        elif finding is not None:
            if _drafted_state(finding) != _item_state(item):
                finding.title, finding.body, finding.updated_at = item.title, item.body, now
                finding.save(update_fields=["title", "body", "updated_at"])
                _link_drafted(finding, item, answers)
                result.refreshed += 1
        elif item.key in dismissed:
            result.dismissed += 1
        else:
            finding = Finding.objects.create(
                session=session,
                kind=item.kind,
                title=item.title,
                body=item.body,
                position=_next_position(session, item.kind),
                source=Source.DRAFTED,
                draft_key=item.key,
                created_by=user,
                created_at=now,
                updated_at=now,
            )
            _link_drafted(finding, item, answers)
            result.created += 1
    for finding in existing.values():  # no longer supported by the data
        if finding.is_untouched_draft:
            finding.delete()
            result.removed += 1
        else:
            result.kept += 1
    return result
