"""Every write of reassessment: running a session again, and saving a proof point mapping.

A write that cannot be done raises RoundError with a message the administrator can act on;
nothing is half-saved. Sessions and participants are created through the learning sessions
app's own actions, so the same checks hold (framework, scale, groups and people of the
session's organization only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learnloop.accounts.models import User
from learnloop.frameworks.models import Framework, Module, ProofPoint
from learnloop.learning_sessions import actions as session_actions
from learnloop.learning_sessions.models import LearningSession, State
from learnloop.organizations.models import ROLE_RANK, Role
from learnloop.rounds.models import MappedProofPoint, ProofPointMapping
from learnloop.rounds.queries import participant_choices

# What the next round takes from this one, unchanged.
COPIED_FIELDS = [
    "purpose",
    "scale",
    "anonymity",
    "min_group_size",
    "intro_process",
    "intro_why",
    "intro_who",
    "intro_next",
    "intro_privacy",
    "met_level",
    "met_share_percent",
    "dissent_share_percent",
    "low_share_percent",
]


class RoundError(Exception):
    """A write refused for a reason the administrator can act on; str() is the message."""


def is_repeatable(session: LearningSession) -> bool:
    """Only a session that has been opened has a round to repeat."""
    return session.state in (State.OPEN, State.CLOSED)


def check_next_round(
    session: LearningSession, title: str, framework: Framework, modules: Sequence[Module]
) -> None:
    """Raise RoundError unless these choices make a valid next round of ``session``."""
    if not is_repeatable(session):
        raise RoundError(
            _("Open the session first: a draft has no round to repeat. Edit it instead.")
        )
    if not title.strip():
        raise RoundError(_("Give the new round a title."))
    same_framework = (
        framework.organization_id == session.organization_id
        and framework.key == session.framework.key
    )
    if not same_framework or framework.version < session.framework.version:
        raise RoundError(
            _("Choose this session's framework version or a later version of the same framework.")
        )
    if not modules:
        raise RoundError(_("Choose at least one module for the new round."))
    stray = [m.title for m in modules if m.framework_id != framework.pk]
    if stray:
        raise RoundError(
            _("These modules are not part of %(framework)s: %(modules)s.")
            % {"framework": framework, "modules": ", ".join(stray)}
        )


def _administrator(session: LearningSession, acting: User | None) -> User | None:
    """The session's administrator if still one in the organization, else the acting user."""
    current = session.administrator
    if current is not None:
        membership = current.memberships.filter(organization_id=session.organization_id).first()
        if membership is not None and membership.rank >= ROLE_RANK[Role.ADMINISTRATOR]:
            return current
    return acting


@transaction.atomic
def do_run_again(
    session: LearningSession,
    *,
    title: str,
    framework: Framework,
    modules: Sequence[Module],
    copy_participants: bool,
    acting: User | None = None,
) -> LearningSession:
    """The next round of ``session``: a draft on ``framework`` (this version or a later one of
    the same framework) covering ``modules``, with the scale, anonymity mode, minimum group size,
    report thresholds and introduction of this round, and this round as its previous round.

    With ``copy_participants`` the same people are invited again, each with their group and the
    modules of theirs the new round still covers (matched by key across versions); a person left
    with no module is not added. Anonymous sessions have no named participants to copy: people
    join the new round through its own open link. Opening dates are not copied.
    """
    session = LearningSession.objects.select_related("framework", "organization").get(pk=session.pk)
    check_next_round(session, title, framework, modules)
    fields = {name: getattr(session, name) for name in COPIED_FIELDS}
    fields.update(
        title=title.strip(),
        framework=framework,
        administrator=_administrator(session, acting),
    )
    try:
        new = session_actions.do_create_session(
            session.organization,
            list(modules),
            open_link_groups=list(session.open_link_groups.all()),
            **fields,
        )
        new.previous_round = session
        new.save(update_fields=["previous_round"])
        if copy_participants and not session.is_anonymous:
            choices, _left_out = participant_choices(session, modules)
            if choices:
                session_actions.do_add_participants(new, choices)
    except session_actions.SessionError as error:
        raise RoundError(str(error)) from error
    return new


@transaction.atomic
def do_save_mapping(
    earlier: Framework,
    later: Framework,
    links: Mapping[int, int | None],
    acting: User | None = None,
) -> ProofPointMapping:
    """Save the mapping from ``earlier``'s proof points to ``later``'s, reviewed by ``acting``.

    ``links`` gives, for proof points of ``later``, the proof point of ``earlier`` each
    continues, or None for one that is new. Every id must belong to its version (of the same
    organization), and a proof point of ``earlier`` may be continued only once. The saved
    mapping replaces any earlier one for the two versions.
    """
    if earlier.organization_id != later.organization_id or earlier.pk == later.pk:
        raise RoundError(_("A mapping links two different versions of one organization."))
    later_ids = set(ProofPoint.objects.filter(module__framework=later).values_list("pk", flat=True))
    earlier_ids = set(
        ProofPoint.objects.filter(module__framework=earlier).values_list("pk", flat=True)
    )
    if set(links) - later_ids:
        raise RoundError(_("Some proof points are not part of %(v)s.") % {"v": later})
    chosen = [pk for pk in links.values() if pk is not None]
    if set(chosen) - earlier_ids:
        raise RoundError(_("Some choices are not proof points of %(v)s.") % {"v": earlier})
    twice = [pk for pk, n in Counter(chosen).items() if n > 1]
    if twice:
        texts = ProofPoint.objects.filter(pk__in=twice).values_list("text", flat=True)
        raise RoundError(
            _("Each earlier proof point can be continued only once: %(points)s.")
            % {"points": "; ".join(texts)}
        )
    mapping, _created = ProofPointMapping.objects.update_or_create(
        earlier=earlier,
        later=later,
        defaults={
            "organization_id": later.organization_id,
            "reviewed_by": acting,
            "reviewed_at": timezone.now(),
        },
    )
    mapping.links.all().delete()
    MappedProofPoint.objects.bulk_create(
        MappedProofPoint(mapping=mapping, later_id=later_pp, earlier_id=earlier_pp)
        for later_pp, earlier_pp in links.items()
        if earlier_pp is not None
    )
    return mapping
