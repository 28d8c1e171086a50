"""Who may see or change suggested themes: analysts (facilitators, administrators and owners).

Themes show comments, so viewers get nothing, as outsiders: a 404.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from learnloop.accounts.models import User
from learnloop.frameworks.models import Module
from learnloop.learning_sessions.access import access_session
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.organizations.access import Need
from learnloop.organizations.models import Membership
from learnloop.themes.models import Theme


def access_themes(
    user: User | AnonymousUser, slug: str, session_id: int
) -> tuple[LearningSession, Membership]:
    """The session and the user's membership, or 404 for anyone below facilitator."""
    return access_session(user, slug, session_id, Need.FACILITATE)


def access_theme(
    user: User | AnonymousUser, slug: str, session_id: int, theme_id: int
) -> tuple[LearningSession, Membership, Theme]:
    """A theme of this session, or 404: an id from another session finds nothing."""
    session, membership = access_themes(user, slug, session_id)
    theme = (
        Theme.objects.select_related("run", "run__module", "code")
        .filter(run__session=session, pk=theme_id)
        .first()
    )
    if theme is None:
        raise Http404
    theme.run.session = session
    return session, membership, theme


def scope_module(session: LearningSession, value: str | None) -> Module | None:
    """The module a page or form names (None: the whole session), or 404 for a module that is
    not one of the session's."""
    if value in (None, "", "all"):
        return None
    try:
        module_id = int(value)
    except ValueError:
        raise Http404 from None
    module = session.modules.filter(pk=module_id).first()
    if module is None:
        raise Http404
    return module


def theme_in_run(theme: Theme, value: str | None) -> Theme | None:
    """Another theme of the same run named by a form, or None when there is none such."""
    try:
        other_id = int(value or "")
    except ValueError:
        return None
    return Theme.objects.filter(run_id=theme.run_id, pk=other_id).first()


def member_answer(theme: Theme, value: str | None) -> Answer | None:
    """A comment of this theme named by a form, or None."""
    try:
        answer_id = int(value or "")
    except ValueError:
        return None
    return Answer.objects.filter(theme_members__theme=theme, pk=answer_id).first()
