"""What a share release holds, drawn from the database with every privacy rule applied.

Everything a participant can see passes through here: comments and quotes through
:func:`redacted_comment` (names, emails, phone numbers and the analyst's terms replaced, except
the changes an analyst undid), groups through :func:`raw_data` (the report's minimum group
size: a small group is merged into "Other groups", or no group is shown at all when that would
still single out fewer than the minimum), the summary through the report document built for a
reader without details (no respondent, no comment, no group figures).
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from learnloop.accounts.models import User
from learnloop.findings.models import Finding, Kind, Status
from learnloop.findings.queries import ready_findings
from learnloop.learning_sessions.models import Answer, LearningSession, Participant
from learnloop.lib.redaction import Match, Redactor, apply_redactions, numbered
from learnloop.organizations.models import Person
from learnloop.reports import pages
from learnloop.reports.access import Audience
from learnloop.reports.queries import report_data, respondent_groups, respondents
from learnloop.sharing.models import (
    ORIGINAL_LENGTH,
    FindingResponse,
    ParticipantContribution,
    Reaction,
    Redaction,
    RedactionStatus,
    ReleaseFinding,
    ShareRelease,
)

RAW_DATA_COLUMNS = ("proof_point_key", "proof_point", "group", "rating", "comment")


# ---------------------------------------------------------------------------------------------
# Redaction


def redactor_for(session: LearningSession) -> Redactor:
    """The redaction rules for this session: its organization's people (every person and
    every member's account), the analyst's terms and the names of groups too small to be
    shown. Four queries."""
    organization = session.organization
    people = list(Person.objects.filter(organization=organization).values_list("name", "email"))
    users = list(
        User.objects.filter(memberships__organization=organization).values_list("name", "email")
    )
    # An account without a name may carry its email address as its name: not a name.
    names = [name for name, _email in people + users if name and "@" not in name]
    emails = [email for _name, email in people + users if email]
    terms = [(t.term, t.replacement) for t in session.redaction_terms.all()]
    return Redactor(names, emails, terms, small_group_names(session))


def small_group_names(session: LearningSession) -> list[str]:
    """Groups with respondents, but fewer than the minimum group size: one query."""
    groups, sizes = respondent_groups(respondents(session))
    return [g.name for g, size in zip(groups, sizes, strict=True) if size < session.min_group_size]


def session_comments(session: LearningSession) -> QuerySet[Answer]:
    """The session's comments: its answers with a non-empty comment."""
    return Answer.objects.filter(session=session).exclude(comment="")


@dataclass
class Decisions:
    """The analyst's undo decisions, by answer: {(original, occurrence)} of undone changes."""

    undone: dict[int, set[tuple[str, int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, session: LearningSession) -> Decisions:
        """One query."""
        undone: dict[int, set[tuple[str, int]]] = {}
        rows = Redaction.objects.filter(
            answer__session=session, status=RedactionStatus.UNDONE
        ).values_list("answer_id", "original", "occurrence")
        for answer_id, original, occurrence in rows:
            undone.setdefault(answer_id, set()).add((original, occurrence))
        return cls(undone)

    def changes(self, redactor: Redactor, answer_id: int, text: str) -> list[Match]:
        """The changes to make to one comment: every match the rules find now, except those
        the analyst undid. A comment never scanned is redacted all the same."""
        undone = self.undone.get(answer_id, set())
        return [
            m
            for m, n in numbered(redactor.find(text))
            if (m.original[:ORIGINAL_LENGTH], n) not in undone
        ]


def redacted_comment(redactor: Redactor, decisions: Decisions, answer_id: int, text: str) -> str:
    return apply_redactions(text, decisions.changes(redactor, answer_id, text))


def redacted_quote(
    redactor: Redactor, decisions: Decisions, answer_id: int, comment: str, quote: str
) -> str:
    """A quote taken from a comment, with the comment's changes that fall inside it.

    When the quote is no longer in the comment, or a change straddles its edge, the quote is
    scanned on its own and every match replaced: a quote is never shared less redacted.
    """
    offset = comment.find(quote)
    if offset < 0:
        return apply_redactions(quote, redactor.find(quote))
    end = offset + len(quote)
    inside = []
    for m in decisions.changes(redactor, answer_id, comment):
        if m.start < end and m.end > offset:
            if m.start < offset or m.end > end:
                return apply_redactions(quote, redactor.find(quote))
            inside.append(
                Match(m.start - offset, m.end - offset, m.original, m.replacement, m.reason)
            )
    return apply_redactions(quote, inside)


CONTEXT = 60  # characters of the comment shown on each side of a change


def redaction_counts(session: LearningSession) -> dict[str, int]:
    """How many changes there are, applied, undone and not yet reviewed: one query."""
    return Redaction.objects.filter(answer__session=session).aggregate(
        total=Count("pk"),
        applied=Count("pk", filter=Q(status=RedactionStatus.APPLIED)),
        undone=Count("pk", filter=Q(status=RedactionStatus.UNDONE)),
        unreviewed=Count("pk", filter=Q(reviewed_at__isnull=True)),
    )


def unreviewed_changes(session: LearningSession) -> int:
    """How many changes the rules find now that no analyst has reviewed: those recorded and
    not reviewed, and those not recorded yet (a comment written or edited since the last
    scan). Reads only: three queries and a scan of every comment."""
    redactor = redactor_for(session)
    reviewed = set(
        Redaction.objects.filter(answer__session=session, reviewed_at__isnull=False).values_list(
            "answer_id", "original", "occurrence"
        )
    )
    count = 0
    for answer_id, comment in session_comments(session).values_list("pk", "comment"):
        for match, occurrence in numbered(redactor.find(comment)):
            count += (answer_id, match.original[:ORIGINAL_LENGTH], occurrence) not in reviewed
    return count


def redactions_to_review(session: LearningSession, shown: str) -> QuerySet[Redaction]:
    found = Redaction.objects.filter(answer__session=session).select_related(
        "answer__proof_point", "reviewed_by"
    )
    if shown == "unreviewed":
        found = found.filter(reviewed_at__isnull=True)
    elif shown == "undone":
        found = found.filter(status=RedactionStatus.UNDONE)
    return found.order_by("answer__proof_point_id", "answer_id", "start", "pk")


def redaction_row(redaction: Redaction) -> dict[str, Any]:
    """One change in its comment's context: the words before, the words changed, after."""
    comment = redaction.answer.comment
    fits = comment[redaction.start : redaction.end] == redaction.original
    start, end = (redaction.start, redaction.end) if fits else (0, 0)
    before = comment[max(0, start - CONTEXT) : start]
    after = comment[end : end + CONTEXT]
    return {
        "redaction": redaction,
        "proof_point": redaction.answer.proof_point.text,
        "before": ("…" if start > CONTEXT else "") + before,
        "after": after + ("…" if end + CONTEXT < len(comment) else ""),
        "stale": not fits,
    }


# ---------------------------------------------------------------------------------------------
# The release's contents


def ready_finding_count(session: LearningSession) -> int:
    return Finding.objects.filter(session=session, status=Status.READY).count()


def finding_items(
    session: LearningSession, redactor: Redactor, decisions: Decisions
) -> list[dict[str, Any]]:
    """Each ready finding as shared: its words, proof points and redacted quotes (with the
    proof point and rating they came from, never the respondent or group)."""
    levels = rating_labels(session)
    kinds = dict(Kind.choices)
    items = []
    for position, finding in enumerate(ready_findings(session)):
        quotes = []
        for link in finding.supporting_comments.all():
            answer = link.answer
            text = redacted_quote(redactor, decisions, answer.pk, answer.comment, link.quote)
            quotes.append(
                {
                    "text": text,
                    "proof_point": answer.proof_point.text,
                    "rating": levels.get(answer.code, "") if answer.code is not None else "",
                }
            )
        items.append(
            {
                "finding_id": finding.pk,
                "position": position,
                "kind": finding.kind,
                "kind_label": str(kinds.get(finding.kind, finding.kind)),
                "title": finding.title,
                "text": finding.body,
                "proof_points": [pp.text for pp in finding.proof_points.all()],
                "quotes": quotes,
            }
        )
    return items


def rating_labels(session: LearningSession) -> dict[int, str]:
    return {choice.code: choice.label for choice in session.scale.choices.all()}


def summary(session: LearningSession) -> dict[str, Any]:
    """The report's summary for a reader without details: module roll-ups and each proof
    point's figures for all respondents. No group figures, no respondents, no comments."""
    report = pages.build(report_data(session, Audience(details=False, names=False)))
    page = pages.summary_page(report, pages.SummaryFilters())
    keep = ("n", "dont_know", "median_label", "status", "status_text", "consensus_text")
    return {
        "respondents": report.document["respondents"],
        "min_group_size": session.min_group_size,
        "levels": report.document["scale"]["levels"],
        "modules": [
            {
                "title": module["title"],
                "statuses": [
                    {"status": s["status"], "label": s["label"], "count": s["count"]}
                    for s in module["statuses"]
                    if s["count"]
                ],
            }
            for module in page["modules"]
        ],
        "proof_points": [
            {
                "module": row["module"],
                "principle": row["principle"],
                "text": row["text"],
                "suppressed": bool(row["stats"].get("suppressed")),
                "counts": row["stats"].get("counts")
                if not row["stats"].get("suppressed")
                else None,
                **{key: row["stats"].get(key) for key in keep},
            }
            for row in page["proof_points"]
        ],
    }


def group_labels(session: LearningSession) -> tuple[dict[int, str], bool]:
    """Participant id -> the group shown beside their rows, and whether any group is shown.

    A group with at least the minimum number of respondents keeps its name. The others' rows
    are merged under "Other groups" when there are at least the minimum number of them;
    otherwise no row shows any group, since the few left over could be picked out.
    """
    people = respondents(session)
    groups, sizes = respondent_groups(people)
    minimum = session.min_group_size
    shown = {group.pk for group, size in zip(groups, sizes, strict=True) if size >= minimum}
    small_groups = len(shown) < len(groups)
    hidden = [p for p in people if p.group_id not in shown]
    if small_groups and 0 < len(hidden) < minimum:
        return {}, False
    other = _("Other groups") if small_groups else ""
    labels = {p.pk: (p.group.name if p.group_id in shown else other) for p in people}
    return labels, bool(shown) or bool(other)


def raw_data(
    session: LearningSession, redactor: Redactor, decisions: Decisions, seed: int | None = None
) -> dict[str, Any]:
    """Every rating and comment as a row (proof point, group, rating, redacted comment), in a
    random order, with no respondent number or id. Three queries and the report's two."""
    labels, groups_shown = group_labels(session)
    levels = rating_labels(session)
    answers = (
        Answer.objects.filter(session=session, proof_point__module__learning_sessions=session)
        .filter(Q(code__isnull=False) | ~Q(comment=""))
        .select_related("proof_point__module", "proof_point__principle")
        .order_by("pk")
    )
    rows = []
    for answer in answers:
        pp = answer.proof_point
        comment = answer.comment
        if comment:
            comment = redacted_comment(redactor, decisions, answer.pk, comment)
        rows.append(
            [
                f"{pp.module.key}.{pp.principle.key}.{pp.key}",
                pp.text,
                labels.get(answer.participant_id, "") if groups_shown else "",
                levels.get(answer.code, "") if answer.code is not None else "",
                comment,
            ]
        )
    random.Random(secrets.randbits(64) if seed is None else seed).shuffle(rows)
    return {"columns": list(RAW_DATA_COLUMNS), "groups_shown": groups_shown, "rows": rows}


def build_contents(
    session: LearningSession, includes_summary: bool, includes_raw_data: bool
) -> dict[str, Any]:
    """What a release shares, drawn now: its findings, and the summary and raw data if chosen."""
    redactor = redactor_for(session)
    decisions = Decisions.of(session)
    return {
        "findings": finding_items(session, redactor, decisions),
        "summary": summary(session) if includes_summary else None,
        "raw_data": raw_data(session, redactor, decisions) if includes_raw_data else None,
    }


def release_contents(release: ShareRelease) -> dict[str, Any]:
    """A draft's contents as they would be published now; a published or withdrawn release's
    as they were frozen at publication."""
    if release.is_draft:
        contents = build_contents(
            release.session, release.includes_summary, release.includes_raw_data
        )
        for item in contents["findings"]:
            item["id"] = None
        return contents
    findings = [
        {
            "id": f.pk,
            "finding_id": f.finding_id,
            "kind": f.kind,
            "kind_label": f.kind_label,
            "title": f.title,
            "text": f.text,
            "proof_points": f.proof_points,
            "quotes": f.quotes,
        }
        for f in release.findings.all()
    ]
    return {"findings": findings, "summary": release.summary, "raw_data": release.raw_data}


# ---------------------------------------------------------------------------------------------
# Responses


def session_releases(session: LearningSession) -> list[ShareRelease]:
    """The session's releases, newest first, each with ``notices_sent``: one query."""
    return list(session.share_releases.annotate(notices_sent=Count("notices")))


def current_release(session: LearningSession) -> ShareRelease | None:
    """The session's published release, if any (at most one is published at a time)."""
    return session.share_releases.filter(state="published").first()


def responses_of(release: ShareRelease, participant=None, user=None) -> dict[int, FindingResponse]:
    """The reader's own responses by release finding id: one query."""
    found = FindingResponse.objects.filter(finding__release=release)
    found = found.filter(participant=participant) if participant else found.filter(user=user)
    return {response.finding_id: response for response in found}


def contributions_of(release: ShareRelease, participant=None, user=None):
    found = release.contributions.all()
    return found.filter(participant=participant) if participant else found.filter(user=user)


def respondent_name(session: LearningSession, response) -> str | None:
    """Who responded, shown to facilitators in named mode only; never otherwise."""
    if not session.shows_names:
        return None
    if response.participant_id is not None:
        person = response.participant.person
        return person.name if person is not None else None
    return str(response.user)


def response_summary(release: ShareRelease) -> dict[str, Any]:
    """For the facilitators: per finding the counts of agree, disagree and not sure and the
    comments; the contributed themes and questions. Names only in named mode. Four queries."""
    session = release.session
    counts = Counter(
        {
            (row["finding_id"], row["response"]): row["n"]
            for row in FindingResponse.objects.filter(finding__release=release)
            .values("finding_id", "response")
            .annotate(n=Count("*"))
            .order_by()
        }
    )
    commented = (
        FindingResponse.objects.filter(finding__release=release)
        .exclude(comment="")
        .select_related("participant__person", "user")
        .order_by("finding_id", "updated_at", "pk")
    )
    comments: dict[int, list[dict[str, Any]]] = {}
    for response in commented:
        comments.setdefault(response.finding_id, []).append(
            {
                "response": response.get_response_display(),
                "comment": response.comment,
                "name": respondent_name(session, response),
            }
        )
    findings = []
    for finding in release.findings.all():
        tally = [
            {"response": value, "label": label, "count": counts[(finding.pk, value)]}
            for value, label in Reaction.choices
        ]
        findings.append(
            {
                "finding": finding,
                "tally": tally,
                "total": sum(item["count"] for item in tally),
                "comments": comments.get(finding.pk, []),
            }
        )
    contributions = [
        {
            "kind": c.get_kind_display(),
            "text": c.text,
            "name": respondent_name(session, c),
            "created_at": c.created_at,
        }
        for c in ParticipantContribution.objects.filter(release=release).select_related(
            "participant__person", "user"
        )
    ]
    return {"findings": findings, "contributions": contributions}


def findings_by_id(release: ShareRelease) -> dict[int, ReleaseFinding]:
    return {finding.pk: finding for finding in release.findings.all()}


# ---------------------------------------------------------------------------------------------
# Telling participants about a release


@dataclass
class NoticePlan:
    """Who a release's email would go to now, and who it would not, and why."""

    to_send: list[Participant] = field(default_factory=list)
    already_told: int = 0
    without_email: int = 0
    without_link: int = 0
    scheduled_for: datetime | None = None  # when queued to wait for the review's opening

    @property
    def everyone(self) -> int:
        return len(self.to_send) + self.already_told + self.without_email + self.without_link


def notice_plan(release: ShareRelease) -> NoticePlan:
    """The session's named participants, sorted by whether the release's email goes to them:
    to everyone with an email address and a working personal link (so an administrator who
    revoked someone's links is not overruled), once per release. Two queries."""
    told = set(release.notices.values_list("participant_id", flat=True))
    participants = (
        Participant.objects.filter(session_id=release.session_id, person__isnull=False)
        .select_related("person")
        .annotate(working_links=Count("links", filter=Q(links__revoked_at__isnull=True)))
        .order_by("person__name", "pk")
    )
    plan = NoticePlan()
    for participant in participants:
        if participant.pk in told:
            plan.already_told += 1
        elif not participant.person.email:
            plan.without_email += 1
        elif not participant.working_links:
            plan.without_link += 1
        else:
            plan.to_send.append(participant)
    return plan
