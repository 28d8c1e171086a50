"""Who may see or change a learning session's findings: analysts (facilitators, administrators
and owners). Outsiders and viewers get 404, as for anything they may not know exists."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from learnloop.accounts.models import User
from learnloop.findings.models import Finding
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.organizations.access import Need
from learnloop.organizations.models import Membership
from learnloop.reports.access import Audience, access_report


def access_findings(
    user: User | AnonymousUser, slug: str, session_id: int
) -> tuple[LearningSession, Membership, Audience]:
    """The session, the analyst's membership and what they may see in comments, or 404."""
    return access_report(user, slug, session_id, Need.FACILITATE)


def access_finding(
    user: User | AnonymousUser, slug: str, session_id: int, finding_id: int
) -> tuple[Finding, Membership, Audience]:
    """A finding of this session, or 404: an id from another session finds nothing."""
    session, membership, audience = access_findings(user, slug, session_id)
    finding = Finding.objects.filter(session=session, pk=finding_id).first()
    if finding is None:
        raise Http404
    finding.session = session
    return finding, membership, audience


def session_comment(session: LearningSession, answer_id) -> Answer | None:
    """A comment of this session by id, or None: a comment of any other session (or a
    tampered id) is never found, so it can never be linked."""
    try:
        answer_id = int(answer_id)
    except (TypeError, ValueError):
        return None
    return Answer.objects.filter(session=session, pk=answer_id).exclude(comment="").first()
