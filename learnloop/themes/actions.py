"""Every write of suggested themes. Pages and commands call these.

    do_suggest_themes(session, module=None, user=None, max_themes=None) -> ThemeRun
        Groups the comments of the session (or one of its modules) with learnloop.lib.themes.
        Replaces the scope's earlier suggested and discarded themes; keeps accepted ones, and
        leaves their comments out of the new grouping.
    do_rename_theme(theme, label) -> Theme
    do_merge_themes(theme, other) -> Theme
        Moves the other theme's comments into the theme and deletes the other one.
    do_split_theme(theme) -> tuple[Theme, Theme]
        Groups the theme's comments in two; the theme keeps the first group.
    do_discard_theme(theme, user) / do_restore_theme(theme)
    do_accept_theme(theme, user) -> Code
        Creates a code of kind "theme" named as the theme in the session's codebook and applies
        it to every comment of the theme (learnloop.analysis.actions).
    do_move_comment(theme, answer, target) -> None
        Moves one comment to another suggested theme of the same run, or out of every theme
        (target None).

Only suggested themes change: an accepted theme is a code, edited in the codebook.
ThemeError carries a message for the person.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from learnloop.accounts.models import User
from learnloop.analysis.actions import CodingError, do_apply_code, do_create_code
from learnloop.analysis.models import Code, CodeKind
from learnloop.frameworks.models import Module
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.lib import themes as engine
from learnloop.themes.models import Theme, ThemeMember, ThemeRun, ThemeStatus
from learnloop.themes.queries import accepted_answer_ids, scope_answers

LABEL_MAX_LENGTH = Theme._meta.get_field("label").max_length


class ThemeError(Exception):
    """A theme request that cannot be carried out; the message is for the person."""


def default_label(key_terms: Sequence[str], number: int) -> str:
    """The first three key terms ("Budget, finance report, audit"), or "Theme N"."""
    if not key_terms:
        return _("Theme %(number)s") % {"number": number}
    label = ", ".join(key_terms[:3])
    return (label[0].upper() + label[1:])[:LABEL_MAX_LENGTH]


def _check_suggested(*themes: Theme) -> None:
    for theme in themes:
        if theme.status != ThemeStatus.SUGGESTED:
            raise ThemeError(
                _("“%(label)s” is %(status)s; only suggested themes can be changed.")
                % {"label": theme.label, "status": theme.get_status_display().lower()}
            )


def _check_module(session: LearningSession, module: Module | None) -> None:
    if module is not None and not session.modules.filter(pk=module.pk).exists():
        raise ThemeError(_("This module is not part of the learning session."))


def _member_rows(
    theme: Theme, answer_ids: list[int], suggestion: engine.ThemeSuggestion
) -> Iterator[ThemeMember]:
    """The theme's members from the engine's suggestion (indexes into ``answer_ids``)."""
    representatives = set(suggestion.representative_indices)
    for position, (index, score) in enumerate(
        zip(suggestion.member_indices, suggestion.scores, strict=True)
    ):
        yield ThemeMember(
            theme=theme,
            answer_id=answer_ids[index],
            score=score,
            is_representative=index in representatives,
            position=position,
        )


def _create_themes(
    run: ThemeRun, answer_ids: list[int], found: list[engine.ThemeSuggestion], first: int
) -> list[Theme]:
    """Themes and their members from the engine's suggestions, numbered from ``first``."""
    themes = Theme.objects.bulk_create(
        Theme(
            run=run,
            label=default_label(suggestion.key_terms, first + number),
            key_terms=suggestion.key_terms,
            position=first + number,
        )
        for number, suggestion in enumerate(found)
    )
    ThemeMember.objects.bulk_create(
        (
            member
            for theme, suggestion in zip(themes, found, strict=True)
            for member in _member_rows(theme, answer_ids, suggestion)
        ),
        batch_size=1000,
    )
    return themes


@transaction.atomic
def do_suggest_themes(
    session: LearningSession,
    module: Module | None = None,
    user: User | None = None,
    max_themes: int | None = None,
) -> ThemeRun:
    _check_module(session, module)
    if max_themes is not None and not 2 <= max_themes <= engine.MAX_THEMES:
        raise ThemeError(
            _("Ask for between 2 and %(most)s themes, or let Learnloop choose.")
            % {"most": engine.MAX_THEMES}
        )
    taken = accepted_answer_ids(session, module)
    rows = [
        (pk, comment)
        for pk, comment in scope_answers(session, module).values_list("pk", "comment")
        if pk not in taken
    ]
    result = engine.suggest_themes([comment for _pk, comment in rows], max_themes=max_themes)
    scope = ThemeRun.objects.filter(session=session, module=module)
    Theme.objects.filter(run__in=scope).exclude(status=ThemeStatus.ACCEPTED).delete()
    scope.exclude(Exists(Theme.objects.filter(run=OuterRef("pk")))).delete()
    run = ThemeRun.objects.create(
        session=session,
        module=module,
        created_by=user,
        comment_count=len(rows),
        unthemed_count=len(result.unthemed_indices),
        requested_themes=max_themes,
        reason=result.reason or "",
    )
    _create_themes(run, [pk for pk, _comment in rows], result.themes, first=1)
    return run


def _scope_comments(run: ThemeRun) -> tuple[list[int], list[str]]:
    rows = list(scope_answers(run.session, run.module).values_list("pk", "comment"))
    return [pk for pk, _comment in rows], [comment for _pk, comment in rows]


def _redescribe(run: ThemeRun, themes: Sequence[Theme]) -> None:
    """Key terms, member order and representatives of themes whose comments changed; a
    label still equal to the default of the old key terms follows the new ones. The members
    are written again (faster than updating each row); a comment since emptied by its writer
    is no longer a comment and leaves the theme."""
    answer_ids, comments = _scope_comments(run)
    index = {pk: i for i, pk in enumerate(answer_ids)}
    groups: dict[int, list[int]] = {theme.pk: [] for theme in themes}
    for theme_id, answer_id in ThemeMember.objects.filter(theme__in=themes).values_list(
        "theme_id", "answer_id"
    ):
        if answer_id in index:
            groups[theme_id].append(index[answer_id])
    described = engine.describe_themes(comments, [groups[theme.pk] for theme in themes])
    for theme, found in zip(themes, described, strict=True):
        if found is None:
            continue
        ThemeMember.objects.filter(theme=theme).delete()
        ThemeMember.objects.bulk_create(_member_rows(theme, answer_ids, found), batch_size=1000)
        if theme.label == default_label(theme.key_terms, theme.position):
            theme.label = default_label(found.key_terms, theme.position)
        theme.key_terms = found.key_terms
        theme.save(update_fields=["label", "key_terms"])


@transaction.atomic
def do_rename_theme(theme: Theme, label: str) -> Theme:
    _check_suggested(theme)
    label = " ".join((label or "").split())
    if not label:
        raise ThemeError(_("A theme needs a name."))
    if len(label) > LABEL_MAX_LENGTH:
        raise ThemeError(
            _("A theme name can be at most %(n)s characters long.") % {"n": LABEL_MAX_LENGTH}
        )
    theme.label = label
    theme.save(update_fields=["label"])
    return theme


@transaction.atomic
def do_merge_themes(theme: Theme, other: Theme) -> Theme:
    _check_suggested(theme, other)
    if other.pk == theme.pk or other.run_id != theme.run_id:
        raise ThemeError(_("Choose another suggested theme of the same list to merge with."))
    ThemeMember.objects.filter(theme=other).update(theme=theme)
    other.delete()
    _redescribe(theme.run, [theme])
    return theme


@transaction.atomic
def do_split_theme(theme: Theme) -> tuple[Theme, Theme]:
    _check_suggested(theme)
    members = list(theme.members.select_related("answer").order_by("pk"))
    result = engine.split_theme([m.answer.comment for m in members])
    if len(result.themes) < 2:
        raise ThemeError(
            _(
                "These %(n)s comments could not be split in two: they are too few or share "
                "too few words. Move comments one by one instead."
            )
            % {"n": len(members)}
        )
    Theme.objects.filter(run_id=theme.run_id, position__gt=theme.position).update(
        position=F("position") + 1
    )
    second = result.themes[1]
    new = Theme.objects.create(
        run=theme.run,
        label=default_label(second.key_terms, theme.position + 1),
        key_terms=second.key_terms,
        position=theme.position + 1,
    )
    moved = [members[i].pk for i in second.member_indices]
    ThemeMember.objects.filter(pk__in=moved).update(theme=new)
    _redescribe(theme.run, [theme, new])
    return theme, new


def _decide(theme: Theme, status: str, user: User | None) -> None:
    theme.status = status
    theme.decided_at = timezone.now() if status != ThemeStatus.SUGGESTED else None
    theme.decided_by = user if status != ThemeStatus.SUGGESTED else None
    theme.save(update_fields=["status", "decided_at", "decided_by"])


@transaction.atomic
def do_discard_theme(theme: Theme, user: User | None = None) -> None:
    _check_suggested(theme)
    _decide(theme, ThemeStatus.DISCARDED, user)


@transaction.atomic
def do_restore_theme(theme: Theme) -> None:
    if theme.status != ThemeStatus.DISCARDED:
        raise ThemeError(_("Only a discarded theme can be brought back."))
    _decide(theme, ThemeStatus.SUGGESTED, None)


@transaction.atomic
def do_accept_theme(theme: Theme, user: User | None = None) -> Code:
    _check_suggested(theme)
    session = theme.run.session
    answers = list(Answer.objects.filter(theme_members__theme=theme).order_by("pk"))
    if not answers:
        raise ThemeError(_("This theme has no comments left to code."))
    description = _("Accepted from the suggested themes. Key terms: %(terms)s.") % {
        "terms": ", ".join(theme.key_terms) or "-"
    }
    try:
        code = do_create_code(session, theme.label, CodeKind.THEME, description)
        for answer in answers:
            do_apply_code(code, answer, user=user)
    except CodingError as error:
        raise ThemeError(
            _("%(reason)s Rename the theme, then accept it again.") % {"reason": error}
        ) from error
    theme.code = code
    theme.save(update_fields=["code"])
    _decide(theme, ThemeStatus.ACCEPTED, user)
    return code


@transaction.atomic
def do_move_comment(theme: Theme, answer: Answer, target: Theme | None) -> None:
    _check_suggested(theme, *([target] if target else []))
    member = ThemeMember.objects.filter(theme=theme, answer=answer).first()
    if member is None:
        raise ThemeError(_("This comment is not in “%(label)s”.") % {"label": theme.label})
    if target is not None and (target.pk == theme.pk or target.run_id != theme.run_id):
        raise ThemeError(_("Choose another suggested theme of the same list."))
    if target is None:
        member.delete()
        ThemeRun.objects.filter(pk=theme.run_id).update(unthemed_count=F("unthemed_count") + 1)
    else:
        member.theme = target
        member.save(update_fields=["theme"])
    changed = [t for t in (theme, target) if t is not None]
    if not theme.members.exists():
        theme.delete()
        changed.remove(theme)
    _redescribe(theme.run, changed)
