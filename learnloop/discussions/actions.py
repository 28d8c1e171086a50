"""Every write to a discussion session. Views, commands and other apps all come here.

A write that cannot be done raises DiscussionError (or VoteRefused for a vote) with a message
the person can act on, and changes nothing. Everything a discussion links (findings, proof
points, people, the facilitator, actions) is checked to belong to the discussion's own learning
session and organization.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from learnloop.accounts.models import User
from learnloop.discussions import agenda as drafting
from learnloop.discussions import queries
from learnloop.discussions.models import (
    AgendaItem,
    AgendaSection,
    Cause,
    CauseCategory,
    Discussion,
    DiscussionParticipant,
    Note,
    NoteKind,
    Problem,
    Vote,
    Why,
)
from learnloop.findings.models import Finding
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.lib.tokens import hash_token, new_token
from learnloop.organizations.access import Need, has_role
from learnloop.organizations.models import Membership, Person
from learnloop.plan.models import Action, ActionReview, ActionStatus, ProgressNote
from learnloop.plan.queries import open_action_count, round_ids
from learnloop.reports import pages
from learnloop.reports.access import Audience
from learnloop.reports.queries import summary_data

MAX_VOTES_PER_PERSON = 20
MAX_WHYS = 5


class DiscussionError(Exception):
    """A write refused for a reason the facilitator can act on; str() is the message."""


class VoteRefused(DiscussionError):
    """A vote refused: voting closed, no votes left, or not something on the ballot."""


def _text(value: str, field: str, max_length: int | None = None, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DiscussionError(_("%(field)s cannot be empty.") % {"field": field})
    if max_length is not None and len(value) > max_length:
        raise DiscussionError(
            _("%(field)s is %(n)d characters long; keep it to %(max)d.")
            % {"field": field, "n": len(value), "max": max_length}
        )
    return value


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# ---------------------------------------------------------------------------------------------
# Discussions and the people in the room


def _check_facilitator(session: LearningSession, facilitator: User | None) -> None:
    if facilitator is None:
        return
    membership = Membership.objects.filter(
        user=facilitator, organization_id=session.organization_id
    ).first()
    if not has_role(membership, Need.FACILITATE):
        raise DiscussionError(
            _("The facilitator must be a facilitator, administrator or owner of the organization.")
        )


def _check_people(session: LearningSession, people: Iterable[Person]) -> list[Person]:
    chosen = list(people)
    for person in chosen:
        if person.organization_id != session.organization_id:
            raise DiscussionError(
                _("%(name)s is not one of the organization's people.") % {"name": person.name}
            )
    return chosen


def _check_fields(
    session: LearningSession,
    title: str,
    held_on: datetime.date | None,
    facilitator: User | None,
    votes_per_person: int,
) -> str:
    title = _text(title, _("The title"), _max_length(Discussion, "title"))
    if held_on is None:
        raise DiscussionError(_("Give the date of the discussion."))
    if not 1 <= int(votes_per_person) <= MAX_VOTES_PER_PERSON:
        raise DiscussionError(
            _("Give each person between 1 and %(max)d votes.") % {"max": MAX_VOTES_PER_PERSON}
        )
    _check_facilitator(session, facilitator)
    return title


def _set_participants(discussion: Discussion, people: list[Person]) -> None:
    wanted = {person.pk for person in people}
    DiscussionParticipant.objects.filter(discussion=discussion).exclude(
        person_id__in=wanted
    ).delete()
    present = set(
        DiscussionParticipant.objects.filter(discussion=discussion).values_list(
            "person_id", flat=True
        )
    )
    DiscussionParticipant.objects.bulk_create(
        DiscussionParticipant(discussion=discussion, person_id=pk)
        for pk in sorted(wanted - present)
    )


@transaction.atomic
def do_create_discussion(
    session: LearningSession,
    *,
    title: str,
    held_on: datetime.date | None,
    facilitator: User | None,
    participants: Iterable[Person] = (),
    votes_per_person: int = 3,
) -> Discussion:
    """A discussion of this learning session, with the people in the room."""
    title = _check_fields(session, title, held_on, facilitator, votes_per_person)
    people = _check_people(session, participants)
    discussion = Discussion.objects.create(
        session=session,
        title=title,
        held_on=held_on,
        facilitator=facilitator,
        votes_per_person=votes_per_person,
    )
    _set_participants(discussion, people)
    return discussion


@transaction.atomic
def do_update_discussion(
    discussion: Discussion,
    *,
    title: str,
    held_on: datetime.date | None,
    facilitator: User | None,
    participants: Iterable[Person],
    votes_per_person: int,
) -> None:
    """Change a discussion's details and the people in the room. Someone taken out of the
    room loses their votes and their voting link."""
    session = discussion.session
    title = _check_fields(session, title, held_on, facilitator, votes_per_person)
    people = _check_people(session, participants)
    discussion.title, discussion.held_on = title, held_on
    discussion.facilitator, discussion.votes_per_person = facilitator, votes_per_person
    discussion.save(update_fields=["title", "held_on", "facilitator", "votes_per_person"])
    _set_participants(discussion, people)


@transaction.atomic
def do_delete_discussion(discussion: Discussion) -> None:
    """Delete a discussion with its agenda, votes, problems, notes and action reviews. Actions
    made for its problems stay in the improvement plan (no longer linked to a problem)."""
    discussion.delete()


def voting_link(token: str) -> str:
    return settings.BASE_URL + reverse("discussions-show-link-ballot", kwargs={"token": token})


@transaction.atomic
def do_issue_voting_link(participant: DiscussionParticipant) -> str:
    """A new personal voting link for this person; any link they had stops working. Only the
    hash is stored, so the token returned here is the only copy."""
    token = new_token()
    participant.token_hash = hash_token(token)
    participant.save(update_fields=["token_hash"])
    return token


@transaction.atomic
def do_issue_missing_voting_links(
    discussion: Discussion,
) -> list[tuple[DiscussionParticipant, str]]:
    """A voting link for everyone in the room who has none yet; existing links keep working."""
    issued = []
    missing = DiscussionParticipant.objects.filter(discussion=discussion, token_hash__isnull=True)
    for participant in missing.select_related("person").order_by("person__name", "pk"):
        issued.append((participant, do_issue_voting_link(participant)))
    return issued


# ---------------------------------------------------------------------------------------------
# Voting


@transaction.atomic
def do_set_voting(discussion: Discussion, open_: bool) -> bool:
    """Open or close voting. Returns whether it changed."""
    if discussion.voting_open == open_:
        return False
    discussion.voting_open = open_
    discussion.save(update_fields=["voting_open"])
    return True


def _locked(voter: DiscussionParticipant) -> Discussion:
    """The voter's discussion, read again under a lock so that two votes at the same moment
    cannot both take the last vote, or land after voting closed."""
    discussion = Discussion.objects.select_for_update().get(pk=voter.discussion_id)
    if not discussion.voting_open:
        raise VoteRefused(_("Voting is closed. The facilitator opens it when it is time to vote."))
    return discussion


@transaction.atomic
def do_add_vote(voter: DiscussionParticipant, key: str) -> Vote:
    """Place one of the voter's votes on something on the ballot (several on one thing are
    allowed), within their allowance, while voting is open."""
    discussion = _locked(voter)
    entry = queries.on_ballot(discussion, key) if queries.parse_target(key) else None
    if entry is None:
        raise VoteRefused(_("That is not one of the things to vote on in this discussion."))
    used = Vote.objects.filter(discussion=discussion, participant=voter).count()
    if used >= discussion.votes_per_person:
        raise VoteRefused(
            _("You have placed all your %(n)d votes. Take one back to vote for something else.")
            % {"n": discussion.votes_per_person}
        )
    return Vote.objects.create(
        discussion=discussion,
        participant=voter,
        finding_id=entry.finding_id,
        proof_point_id=entry.proof_point_id,
    )


@transaction.atomic
def do_remove_vote(voter: DiscussionParticipant, key: str) -> bool:
    """Take back one of the voter's votes on this thing (the latest), while voting is open.
    Returns whether there was one to take back."""
    discussion = _locked(voter)
    target = queries.parse_target(key)
    if target is None:
        return False
    finding_id, proof_point_id = target
    vote = (
        Vote.objects.filter(
            discussion=discussion,
            participant=voter,
            finding_id=finding_id,
            proof_point_id=proof_point_id,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if vote is None:
        return False
    vote.delete()
    return True


# ---------------------------------------------------------------------------------------------
# The agenda


def _session_target(
    session: LearningSession, finding: Finding | None, proof_point: ProofPoint | None
) -> None:
    if finding is not None and proof_point is not None:
        raise DiscussionError(_("Link a finding or a proof point, not both."))
    if finding is not None and finding.session_id != session.pk:
        raise DiscussionError(_("That finding belongs to another learning session."))
    if proof_point is not None and proof_point.pk not in queries.session_proof_point_ids(session):
        raise DiscussionError(
            _("“%(text)s” is not a proof point of this learning session's modules.")
            % {"text": proof_point.text}
        )


def _next_position(discussion: Discussion, section: str) -> int:
    last = AgendaItem.objects.filter(discussion=discussion, section=section).aggregate(
        last=Max("position")
    )["last"]
    return 0 if last is None else last + 1


def _check_item(section: str, title: str, notes: str) -> tuple[str, str]:
    if section not in AgendaSection.values:
        raise DiscussionError(_("Choose the agenda section."))
    return _text(title, _("The title"), _max_length(AgendaItem, "title")), notes.strip()


@transaction.atomic
def do_create_agenda_item(
    discussion: Discussion,
    *,
    section: str,
    title: str,
    notes: str = "",
    finding: Finding | None = None,
    proof_point: ProofPoint | None = None,
) -> AgendaItem:
    """An item the facilitator adds, at the end of its section."""
    title, notes = _check_item(section, title, notes)
    _session_target(discussion.session, finding, proof_point)
    return AgendaItem.objects.create(
        discussion=discussion,
        section=section,
        title=title,
        notes=notes,
        finding=finding,
        proof_point=proof_point,
        position=_next_position(discussion, section),
        edited_at=timezone.now(),
    )


@transaction.atomic
def do_update_agenda_item(
    item: AgendaItem,
    *,
    section: str,
    title: str,
    notes: str = "",
    finding: Finding | None = None,
    proof_point: ProofPoint | None = None,
) -> bool:
    """Change an item. A changed drafted item is marked edited: no later draft touches it.
    Returns whether anything changed."""
    title, notes = _check_item(section, title, notes)
    _session_target(item.discussion.session, finding, proof_point)
    new = {
        "section": section,
        "title": title,
        "notes": notes,
        "finding_id": finding.pk if finding else None,
        "proof_point_id": proof_point.pk if proof_point else None,
    }
    changed = [name for name, value in new.items() if getattr(item, name) != value]
    if not changed:
        return False
    if "section" in changed:
        item.position = _next_position(item.discussion, section)
        changed.append("position")
    for name, value in new.items():
        setattr(item, name, value)
    item.edited_at = timezone.now()
    item.save(update_fields=[*changed, "edited_at"])
    return True


@transaction.atomic
def do_delete_agenda_item(item: AgendaItem) -> None:
    """Remove an item. A drafted item is remembered, so a new draft does not bring it back."""
    if item.draft_key:
        discussion = Discussion.objects.select_for_update().get(pk=item.discussion_id)
        if item.draft_key not in discussion.dismissed_agenda_keys:
            discussion.dismissed_agenda_keys = [*discussion.dismissed_agenda_keys, item.draft_key]
            discussion.save(update_fields=["dismissed_agenda_keys"])
            item.discussion.dismissed_agenda_keys = discussion.dismissed_agenda_keys
    item.delete()


@transaction.atomic
def do_move_agenda_item(item: AgendaItem, direction: str) -> bool:
    """Move an item one place up or down within its section. Returns whether it moved.
    Moving is arranging, not editing: a moved drafted item may still be refreshed."""
    if direction not in ("up", "down"):
        raise DiscussionError(_("Move an item up or down."))
    order = list(
        AgendaItem.objects.select_for_update()
        .filter(discussion_id=item.discussion_id, section=item.section)
        .order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(order) if other.pk == item.pk)
    swap = index - 1 if direction == "up" else index + 1
    if not 0 <= swap < len(order):
        return False
    order[index], order[swap] = order[swap], order[index]
    for position, other in enumerate(order):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    return True


@dataclass
class DraftResult:
    created: int = 0
    refreshed: int = 0
    removed: int = 0
    kept: int = 0
    dismissed: int = 0
    from_findings: bool = True


def agenda_draft(session: LearningSession) -> tuple[list[drafting.DraftItem], bool]:
    """The drafted items (from the findings, or from the report when there are none) and
    whether they came from findings."""
    findings = queries.finding_rows(session)
    if findings:
        items = drafting.from_findings(findings)
    else:
        report = pages.build(summary_data(session, Audience(details=False, names=False)))
        items = drafting.from_report(report.points, report.data.proof_point_ids)
    review = drafting.action_review_item(open_action_count(session))
    return ([review] if review else []) + items, bool(findings)


def _refresh(item: AgendaItem, draft: drafting.DraftItem) -> bool:
    new = {
        "section": draft.section,
        "title": draft.title,
        "notes": draft.notes,
        "finding_id": draft.finding_id,
        "proof_point_id": draft.proof_point_id,
    }
    changed = [name for name, value in new.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, new[name])
    if changed:
        item.save(update_fields=changed)
    return bool(changed)


@transaction.atomic
def do_draft_agenda(discussion: Discussion) -> DraftResult:
    """Draft the agenda, or refresh the draft.

    Items are added for what the findings (or the report) show and the agenda lacks. A drafted
    item nobody edited is refreshed from the data, or removed when the data no longer show it;
    an item the facilitator edited or added is never touched; a drafted item the facilitator
    removed is not drafted again. Running it twice on the same data changes nothing.
    """
    discussion = Discussion.objects.select_for_update().get(pk=discussion.pk)
    items, from_findings = agenda_draft(discussion.session)
    result = DraftResult(from_findings=from_findings)
    existing = {
        item.draft_key: item
        for item in AgendaItem.objects.filter(discussion=discussion).exclude(draft_key="")
    }
    dismissed = set(discussion.dismissed_agenda_keys)
    for draft in items:
        item = existing.pop(draft.key, None)
        if item is not None and not item.is_untouched_draft:
            result.kept += 1
        elif item is not None:
            result.refreshed += _refresh(item, draft)
        elif draft.key in dismissed:
            result.dismissed += 1
        else:
            AgendaItem.objects.create(
                discussion=discussion,
                section=draft.section,
                title=draft.title,
                notes=draft.notes,
                finding_id=draft.finding_id,
                proof_point_id=draft.proof_point_id,
                draft_key=draft.key,
                position=_next_position(discussion, draft.section),
            )
            result.created += 1
    for item in existing.values():  # drafted from something the data no longer show
        if item.is_untouched_draft:
            item.delete()
            result.removed += 1
        else:
            result.kept += 1
    return result


# ---------------------------------------------------------------------------------------------
# Problems and their root causes


def _check_problem(
    discussion: Discussion,
    title: str,
    finding: Finding | None,
    proof_points: Iterable[ProofPoint],
) -> tuple[str, list[ProofPoint]]:
    title = _text(title, _("The problem"), _max_length(Problem, "title"))
    _session_target(discussion.session, finding, None)
    chosen = list(proof_points)
    allowed = queries.session_proof_point_ids(discussion.session)
    for proof_point in chosen:
        if proof_point.pk not in allowed:
            raise DiscussionError(
                _("“%(text)s” is not a proof point of this learning session's modules.")
                % {"text": proof_point.text}
            )
    return title, chosen


@transaction.atomic
def do_create_problem(
    discussion: Discussion,
    *,
    title: str,
    description: str = "",
    finding: Finding | None = None,
    proof_points: Iterable[ProofPoint] = (),
) -> Problem:
    """A problem the room chose to work on, in the facilitator's words."""
    title, chosen = _check_problem(discussion, title, finding, proof_points)
    last = Problem.objects.filter(discussion=discussion).aggregate(last=Max("position"))["last"]
    problem = Problem.objects.create(
        discussion=discussion,
        title=title,
        description=description.strip(),
        finding=finding,
        position=0 if last is None else last + 1,
    )
    problem.proof_points.set(chosen)
    return problem


@transaction.atomic
def do_choose_problem(discussion: Discussion, key: str) -> Problem:
    """Make a voted-on finding or proof point a problem, under its agenda title, linking the
    finding's proof points (or the proof point itself)."""
    target = queries.parse_target(key)
    if target is None:
        raise DiscussionError(_("Choose a finding or a proof point of this discussion."))
    finding_id, proof_point_id = target
    entry = queries.on_ballot(discussion, key)
    if finding_id is not None:
        finding = Finding.objects.filter(session=discussion.session, pk=finding_id).first()
        if finding is None:
            raise DiscussionError(_("That finding belongs to another learning session."))
        title = entry.title if entry else finding.title
        return do_create_problem(
            discussion,
            title=title,
            description=finding.body,
            finding=finding,
            proof_points=finding.proof_points.all(),
        )
    proof_point = ProofPoint.objects.filter(pk=proof_point_id).first()
    if proof_point is None or proof_point.pk not in queries.session_proof_point_ids(
        discussion.session
    ):
        raise DiscussionError(_("That is not a proof point of this learning session's modules."))
    title = entry.title if entry else proof_point.text[: _max_length(Problem, "title")]
    return do_create_problem(discussion, title=title, proof_points=[proof_point])


@transaction.atomic
def do_update_problem(
    problem: Problem,
    *,
    title: str,
    description: str = "",
    finding: Finding | None = None,
    proof_points: Iterable[ProofPoint] = (),
) -> None:
    title, chosen = _check_problem(problem.discussion, title, finding, proof_points)
    problem.title, problem.description, problem.finding = title, description.strip(), finding
    problem.save(update_fields=["title", "description", "finding"])
    problem.proof_points.set(chosen)


@transaction.atomic
def do_delete_problem(problem: Problem) -> None:
    """Delete a problem with its whys and causes; its actions stay in the improvement plan."""
    problem.delete()


@transaction.atomic
def do_save_whys(problem: Problem, answers: Sequence[str]) -> list[Why]:
    """The five-whys chain, replaced as a whole: the answers given (at most five), empty ones
    left out and the rest numbered 1, 2, 3 ... in order."""
    texts = [answer.strip() for answer in answers if answer and answer.strip()]
    if len(texts) > MAX_WHYS:
        raise DiscussionError(_("A five-whys chain has at most five steps."))
    Why.objects.filter(problem=problem).delete()
    return Why.objects.bulk_create(
        Why(problem=problem, step=step, text=text) for step, text in enumerate(texts, start=1)
    )


def _check_cause(category: str, text: str) -> str:
    if category not in CauseCategory.values:
        raise DiscussionError(_("Choose the category of the cause."))
    return _text(text, _("The cause"), _max_length(Cause, "text"))


@transaction.atomic
def do_add_cause(problem: Problem, *, category: str, text: str) -> Cause:
    text = _check_cause(category, text)
    last = Cause.objects.filter(problem=problem, category=category).aggregate(last=Max("position"))[
        "last"
    ]
    return Cause.objects.create(
        problem=problem, category=category, text=text, position=0 if last is None else last + 1
    )


@transaction.atomic
def do_update_cause(cause: Cause, *, category: str, text: str) -> None:
    text = _check_cause(category, text)
    fields = ["text"]
    if category != cause.category:
        last = Cause.objects.filter(problem_id=cause.problem_id, category=category).aggregate(
            last=Max("position")
        )["last"]
        cause.category, cause.position = category, 0 if last is None else last + 1
        fields += ["category", "position"]
    cause.text = text
    cause.save(update_fields=fields)


@transaction.atomic
def do_delete_cause(cause: Cause) -> None:
    cause.delete()


# ---------------------------------------------------------------------------------------------
# Notes and decisions


def _check_note(kind: str, text: str) -> str:
    if kind not in NoteKind.values:
        raise DiscussionError(_("Say whether this is a note or a decision."))
    return _text(text, _("The text"))


@transaction.atomic
def do_add_note(discussion: Discussion, user: User | None, *, kind: str, text: str) -> Note:
    text = _check_note(kind, text)
    return Note.objects.create(discussion=discussion, kind=kind, text=text, created_by=user)


@transaction.atomic
def do_update_note(note: Note, *, kind: str, text: str) -> None:
    """Change a note's words or kind; it keeps its place in time."""
    note.text, note.kind = _check_note(kind, text), kind
    note.save(update_fields=["text", "kind"])


@transaction.atomic
def do_delete_note(note: Note) -> None:
    note.delete()


# ---------------------------------------------------------------------------------------------
# Open actions carried in


@transaction.atomic
def do_review_action(
    discussion: Discussion, action: Action, user: User | None, *, status: str, note: str = ""
) -> ActionReview:
    """Record this discussion's review of an open action: where it stands now and what was
    said. Reviewing it again here replaces the review. When the status changes, the action
    takes it (with ``updated_at``) and a progress note records the change."""
    if status not in ActionStatus.values:
        raise DiscussionError(_("Choose the action's status now."))
    session = discussion.session
    if action.organization_id != session.organization_id or action.session_id not in (
        round_ids(session)
    ):
        raise DiscussionError(
            _("That action is not one of this learning session's or its earlier rounds'.")
        )
    action = Action.objects.select_for_update().get(pk=action.pk)
    # What the page offers: open actions, and those this discussion has reviewed already (to
    # correct its review). A finished action is reopened from the plan, not from here.
    if not (
        action.is_open or ActionReview.objects.filter(action=action, discussion=discussion).exists()
    ):
        raise DiscussionError(
            _("That action is finished (done or dropped): reopen it from the improvement plan.")
        )
    note = note.strip()
    now = timezone.now()
    review, _created = ActionReview.objects.update_or_create(
        action=action,
        discussion=discussion,
        defaults={"status": status, "note": note, "reviewed_by": user, "reviewed_at": now},
    )
    if action.status != status:
        before = ActionStatus(action.status).label
        action.status, action.updated_at = status, now
        action.save(update_fields=["status", "updated_at"])
        text = _("Reviewed in the discussion “%(title)s” of %(date)s: %(before)s → %(after)s.") % {
            "title": discussion.title,
            "date": date_format(discussion.held_on),
            "before": before,
            "after": ActionStatus(status).label,
        }
        if note:
            text += " " + note
        ProgressNote.objects.create(
            action=action, text=text, status=status, author=user, created_at=now
        )
    return review
