"""Default text for a learning session's introduction, by purpose and anonymity mode.

The administrator edits these; a field still holding the default for another mode or purpose is
switched to the default for the chosen one when the session is saved, so the text participants
read always matches how their answers are handled.
"""

from django.utils.translation import gettext as _

from learnloop.learning_sessions.models import Anonymity, Purpose

INTRO_FIELDS = ["intro_process", "intro_why", "intro_who", "intro_next", "intro_privacy"]


def _process(purpose: str) -> str:
    if purpose == Purpose.MODULE_REVIEW:
        return _(
            "This is one of our regular module reviews. You will read a short list of proof "
            "points (statements about how we work) in the modules you know best, rate how far "
            "each one is true today, and say why. Your reasons, concerns and suggestions matter "
            "more than the rating. It takes about 20 to 30 minutes and you can stop and come "
            "back: your answers are saved as you go."
        )
    return _(
        "This is a one-time deep dive into how we work. You will read proof points "
        "(statements about how we work) in the modules you know best, rate how far each one is "
        "true today, and say why. Your reasons, concerns and suggestions matter more than the "
        "rating. It takes about 30 to 45 minutes and you can stop and come back: your answers "
        "are saved as you go."
    )


def _why(purpose: str, organization_name: str) -> str:
    if purpose == Purpose.MODULE_REVIEW:
        return _(
            "%(organization)s reviews a few modules at a time so that we notice what is "
            "changing and act on it while it still matters."
        ) % {"organization": organization_name}
    return _(
        "%(organization)s wants an honest picture of where we stand, from the people who do "
        "the work, before deciding what to improve."
    ) % {"organization": organization_name}


def _who() -> str:
    return _(
        "People from across the organization, each invited for the modules they know. "
        "Different people may answer different modules."
    )


def _next(purpose: str) -> str:
    if purpose == Purpose.MODULE_REVIEW:
        return _(
            "When the review closes we compile the answers, share a summary with everyone who "
            "took part, discuss the most pressing points together and agree on what to change "
            "before the next review."
        )
    return _(
        "When the session closes we compile the answers, share a summary with everyone who took "
        "part, and hold discussions to choose the most pressing problems and plan improvements."
    )


def _privacy(anonymity: str, min_group_size: int) -> str:
    texts = {
        Anonymity.NAMED: _(
            "The session's administrators and facilitators see your name beside your ratings "
            "and comments. Summaries shared more widely show comments without names, and "
            "results by group only for groups of at least %(n)s people."
        ),
        Anonymity.CONFIDENTIAL: _(
            "The administrators know who has finished, so they can send reminders, but nobody "
            "sees your name beside your answers. Comments are shown without names, and results "
            "by group only for groups of at least %(n)s people."
        ),
        Anonymity.ANONYMOUS: _(
            "Nobody, not even the administrators, can tell which answers are yours: the link is "
            "the same for everyone and you choose your group. Comments are shown without names, "
            "and results by group only for groups of at least %(n)s people."
        ),
    }
    return texts[Anonymity(anonymity)] % {"n": min_group_size}


def default_introduction(
    purpose: str, anonymity: str, organization_name: str, min_group_size: int = 3
) -> dict[str, str]:
    """The default text of each introduction field for this purpose and mode."""
    return {
        "intro_process": _process(purpose),
        "intro_why": _why(purpose, organization_name),
        "intro_who": _who(),
        "intro_next": _next(purpose),
        "intro_privacy": _privacy(anonymity, min_group_size),
    }


def all_defaults(organization_name: str, min_group_sizes: set[int]) -> dict[str, set[str]]:
    """Every default text each field can hold, to recognise text the administrator left as is."""
    result: dict[str, set[str]] = {name: set() for name in INTRO_FIELDS}
    for purpose in Purpose.values:
        for anonymity in Anonymity.values:
            for n in min_group_sizes:
                for name, text in default_introduction(
                    purpose, anonymity, organization_name, n
                ).items():
                    result[name].add(text)
    return result


def follow_defaults(
    values: dict[str, str],
    purpose: str,
    anonymity: str,
    organization_name: str,
    min_group_size: int,
    previous_min_group_size: int | None = None,
) -> dict[str, str]:
    """The introduction with text left at a default switched to the chosen mode's default."""
    sizes = {min_group_size, 3}
    if previous_min_group_size:
        sizes.add(previous_min_group_size)
    known = all_defaults(organization_name, sizes)
    wanted = default_introduction(purpose, anonymity, organization_name, min_group_size)
    result = {}
    for name in INTRO_FIELDS:
        text = (values.get(name) or "").strip()
        result[name] = wanted[name] if text in known[name] else values.get(name) or ""
    return result
