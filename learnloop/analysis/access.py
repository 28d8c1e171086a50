"""Who may code a session's comments: analysts, that is facilitators, administrators and
owners. Viewers and outsiders get 404, as for anything they may not know exists.

Every object fetched here belongs to the session in the address: a code, comment,
application or suggestion id from another session finds nothing.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from learnloop.accounts.models import User
from learnloop.analysis.models import Code, CodeApplication, CodeSuggestion
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.organizations.access import Need
from learnloop.organizations.models import Membership
from learnloop.reports.access import Audience, access_report


def access_coding(
    user: User | AnonymousUser, slug: str, session_id: int
) -> tuple[LearningSession, Membership, Audience]:
    """The session, the analyst's membership and what they may see in comments, or 404."""
    return access_report(user, slug, session_id, Need.FACILITATE)


def _one(queryset):
    found = queryset.first()
    if found is None:
        raise Http404
    return found


def access_code(
    user: User | AnonymousUser, slug: str, session_id: int, code_id: int
) -> tuple[LearningSession, Membership, Code]:
    """An active code of the session (a merged code is only a pointer), or 404."""
    session, membership, _audience = access_coding(user, slug, session_id)
    code = _one(Code.objects.filter(session=session, pk=code_id, merged_into__isnull=True))
    code.session = session
    return session, membership, code


def access_comment(
    user: User | AnonymousUser, slug: str, session_id: int, answer_id: int
) -> tuple[LearningSession, Membership, Answer]:
    """An answer of the session that has a comment, or 404."""
    session, membership, _audience = access_coding(user, slug, session_id)
    answer = _one(Answer.objects.filter(session=session, pk=answer_id).exclude(comment=""))
    answer.session = session
    return session, membership, answer


def access_proof_point(
    user: User | AnonymousUser, slug: str, session_id: int, proof_point_id: int
) -> tuple[LearningSession, Membership, Audience]:
    """The session when the proof point is one of its modules', or 404."""
    session, membership, audience = access_coding(user, slug, session_id)
    if not ProofPoint.objects.filter(module__learning_sessions=session, pk=proof_point_id).exists():
        raise Http404
    return session, membership, audience


def access_application(
    user: User | AnonymousUser, slug: str, session_id: int, application_id: int
) -> tuple[LearningSession, Membership, CodeApplication]:
    session, membership, _audience = access_coding(user, slug, session_id)
    application = _one(
        CodeApplication.objects.filter(code__session=session, pk=application_id).select_related(
            "code", "answer"
        )
    )
    return session, membership, application


def access_suggestion(
    user: User | AnonymousUser, slug: str, session_id: int, suggestion_id: int
) -> tuple[LearningSession, Membership, CodeSuggestion]:
    session, membership, _audience = access_coding(user, slug, session_id)
    suggestion = _one(
        CodeSuggestion.objects.filter(answer__session=session, pk=suggestion_id).select_related(
            "answer"
        )
    )
    suggestion.answer.session = session
    return session, membership, suggestion
