"""Every write of comment coding. Pages, other apps (themes, findings) and commands call these.

    do_create_default_codebook(session) -> list[Code]
        Creates the seven starting codes once per session (idempotent: a starting code an
        analyst deleted is not created again). Called lazily when the codebook is first
        opened, and by do_create_code.
    do_create_code(session, name, kind=CodeKind.CUSTOM, description="", color="") -> Code
        A new code; themes accepted from THEMES use kind=CodeKind.THEME. Raises CodingError
        when the name is empty or already used by another code of the session.
    do_rename_code(code, name, description=None, color=None) -> Code
    do_merge_codes(source, target) -> int
        Moves the source's applications to the target (no duplicates), marks the source
        merged_into=target; returns how many applications moved.
    do_delete_code(code) -> None
        Deletes the code with its applications (the view asks for confirmation first).
    do_apply_code(code, answer, start=None, end=None, user=None) -> tuple[CodeApplication, bool]
        Codes a whole comment, or the span comment[start:end]; returns (application, created).
        Raises CodingError for a comment of another session, an empty comment, a merged code
        or a span outside the comment.
    do_toggle_code(code, answer, user=None) -> bool
        Applies the code to the whole comment, or removes that whole-comment application;
        returns whether it is now applied.
    do_remove_application(application) -> None
    do_generate_suggestions(session) -> GenerationResult
        Runs learnloop.lib.suggest over every comment; idempotent; keeps accepted and
        rejected suggestions as decided, refreshes pending ones, drops pending ones whose rule
        no longer fires.
    do_accept_suggestion(suggestion, user) -> CodeApplication
        Applies the session's code of the suggestion's kind to the whole comment.
    do_reject_suggestion(suggestion, user) -> None

CodingError carries a message for the person; views show it as a form error or a message.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learnloop.accounts.models import User
from learnloop.analysis.models import (
    Code,
    CodeApplication,
    Codebook,
    CodeKind,
    CodeSuggestion,
    SuggestionKind,
    SuggestionStatus,
)
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.lib import suggest

# The starting codebook: kind, name, description, colour (distinguishable, readable on white).
DEFAULT_CODES = [
    (
        CodeKind.THEME,
        gettext_lazy("Theme"),
        gettext_lazy("A subject that comes up again and again across comments."),
        "#1f6feb",
    ),
    (
        CodeKind.STRENGTH,
        gettext_lazy("Strength"),
        gettext_lazy("Something the organization does well."),
        "#1a7f37",
    ),
    (
        CodeKind.MISUNDERSTANDING,
        gettext_lazy("Misunderstanding or confusion"),
        gettext_lazy(
            "The respondent read the proof point differently, or the comment and the rating "
            "disagree."
        ),
        "#bc4c00",
    ),
    (
        CodeKind.POOR_COMMUNICATION,
        gettext_lazy("Poor communication"),
        gettext_lazy("People do not know about something that exists or happens."),
        "#8250df",
    ),
    (
        CodeKind.GAP,
        gettext_lazy("Gap or difference of opinion"),
        gettext_lazy("People or groups see the same thing differently."),
        "#cf222e",
    ),
    (
        CodeKind.SUGGESTION,
        gettext_lazy("Suggestion"),
        gettext_lazy("A proposal for what to do."),
        "#0a7480",
    ),
    (
        CodeKind.QUESTION,
        gettext_lazy("Question"),
        gettext_lazy("The respondent asks something."),
        "#6e7781",
    ),
]

NAME_MAX_LENGTH = Code._meta.get_field("name").max_length
# Colours for codes analysts add, in turn: distinct from each other and readable on white.
PALETTE = ["#9a6700", "#0550ae", "#116329", "#a40e26", "#6639ba", "#953800", "#1b7c83", "#4d2d00"]


class CodingError(Exception):
    """A coding request that cannot be carried out; the message is for the person."""


def _check_name(session: LearningSession, name: str, exclude: Code | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise CodingError(_("A code needs a name."))
    if len(name) > NAME_MAX_LENGTH:
        raise CodingError(
            _("A code name can be at most %(n)s characters long.") % {"n": NAME_MAX_LENGTH}
        )
    taken = Code.objects.filter(session=session, merged_into__isnull=True, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise CodingError(_("This codebook already has a code named “%(name)s”.") % {"name": name})
    return name


@transaction.atomic
def do_create_default_codebook(session: LearningSession) -> list[Code]:
    """The starting codes, created the first time the codebook is opened, and only then."""
    _codebook, created = Codebook.objects.get_or_create(session=session)
    if created:
        taken = {name.lower() for name in session.codes.values_list("name", flat=True)}
        Code.objects.bulk_create(
            Code(
                session=session,
                name=str(name),
                kind=kind,
                description=str(description),
                color=color,
                position=position,
            )
            for position, (kind, name, description, color) in enumerate(DEFAULT_CODES)
            if str(name).lower() not in taken
        )
    return list(session.codes.filter(merged_into__isnull=True))


@transaction.atomic
def do_create_code(
    session: LearningSession,
    name: str,
    kind: str = CodeKind.CUSTOM,
    description: str = "",
    color: str = "",
) -> Code:
    do_create_default_codebook(session)
    name = _check_name(session, name)
    last = session.codes.order_by("-position").values_list("position", flat=True).first()
    position = (last or 0) + 1
    return Code.objects.create(
        session=session,
        name=name,
        kind=CodeKind(kind),
        description=(description or "").strip(),
        color=color or PALETTE[position % len(PALETTE)],
        position=position,
    )


@transaction.atomic
def do_rename_code(
    code: Code, name: str, description: str | None = None, color: str | None = None
) -> Code:
    if not code.is_active:
        raise CodingError(_("“%(name)s” was merged into another code.") % {"name": code.name})
    code.name = _check_name(code.session, name, exclude=code)
    fields = ["name"]
    if description is not None:
        code.description = description.strip()
        fields.append("description")
    if color is not None:
        code.color = color
        fields.append("color")
    code.save(update_fields=fields)
    return code


@transaction.atomic
def do_merge_codes(source: Code, target: Code) -> int:
    """Moves every application of `source` to `target`, skipping those `target` already has
    (same comment, same span); `source` stays as a pointer to `target`."""
    if source.session_id != target.session_id:
        raise CodingError(_("Codes can only be merged within one learning session."))
    if source.pk == target.pk:
        raise CodingError(_("Choose another code to merge into."))
    if not source.is_active or not target.is_active:
        raise CodingError(_("A code that was merged already cannot be merged again."))
    existing = set(target.applications.values_list("answer_id", "start", "end"))
    moving = []
    for application in source.applications.all():
        if (application.answer_id, application.start, application.end) not in existing:
            moving.append(application.pk)
    moved = CodeApplication.objects.filter(pk__in=moving).update(code=target)
    source.applications.all().delete()
    Code.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    return moved


@transaction.atomic
def do_delete_code(code: Code) -> None:
    """Deletes the code, its applications and the codes merged into it (whose applications
    it already holds), so a merged code never comes back on its own."""
    Code.objects.filter(merged_into=code).delete()
    code.delete()


def _check_comment(code: Code, answer: Answer) -> None:
    if answer.session_id != code.session_id:
        raise CodingError(_("This comment belongs to another learning session."))
    if not code.is_active:
        raise CodingError(
            _("“%(name)s” was merged into “%(target)s”; apply that code instead.")
            % {"name": code.name, "target": code.merged_into}
        )
    if not answer.comment.strip():
        raise CodingError(_("This answer has no comment to code."))


def check_span(comment: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """The span as offsets into the comment, None for the whole comment, or CodingError."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise CodingError(_("A highlighted span needs both a start and an end."))
    if start < 0 or end > len(comment) or start >= end:
        raise CodingError(
            _(
                "The highlighted span (characters %(start)s to %(end)s) is outside the "
                "comment, which has %(length)s characters. Select the text again."
            )
            % {"start": start, "end": end, "length": len(comment)}
        )
    if not comment[start:end].strip():
        raise CodingError(_("The highlighted span holds only spaces. Select some words."))
    return start, end


@transaction.atomic
def do_apply_code(
    code: Code,
    answer: Answer,
    start: int | None = None,
    end: int | None = None,
    user: User | None = None,
) -> tuple[CodeApplication, bool]:
    _check_comment(code, answer)
    span = check_span(answer.comment, start, end)
    quote = answer.comment[span[0] : span[1]] if span else ""
    lookup = {"start": span[0], "end": span[1]} if span else {"start__isnull": True}
    existing = CodeApplication.objects.filter(code=code, answer=answer, **lookup).first()
    if existing is not None:
        return existing, False
    application = CodeApplication.objects.create(
        code=code,
        answer=answer,
        start=span[0] if span else None,
        end=span[1] if span else None,
        quote=quote,
        created_by=user,
    )
    return application, True


@transaction.atomic
def do_toggle_code(code: Code, answer: Answer, user: User | None = None) -> bool:
    _check_comment(code, answer)
    whole = CodeApplication.objects.filter(code=code, answer=answer, start__isnull=True)
    if whole.exists():
        whole.delete()
        return False
    do_apply_code(code, answer, user=user)
    return True


@transaction.atomic
def do_remove_application(application: CodeApplication) -> None:
    application.delete()


def scale_levels(session: LearningSession) -> int:
    """K, the number of ordered levels of the session's scale (codes 1..K)."""
    return session.scale.choices.filter(code__gte=1).count()


SUGGESTERS = {
    SuggestionKind.QUESTION: lambda text, code, levels: suggest.suggest_question(text),
    SuggestionKind.SUGGESTION: lambda text, code, levels: suggest.suggest_suggestion(text),
    SuggestionKind.MISUNDERSTANDING: suggest.suggest_misunderstanding,
}


@dataclass
class GenerationResult:
    comments: int
    created: int
    refreshed: int
    withdrawn: int
    kept_decided: int


@transaction.atomic
def do_generate_suggestions(session: LearningSession) -> GenerationResult:
    """Runs every suggester over every comment of the session, in a fixed number of queries.

    A comment already coded with a code of the kind gets no new suggestion. Decided
    suggestions (accepted or rejected) are never touched, so a rejection stays rejected.
    """
    levels = scale_levels(session)
    comments = list(
        Answer.objects.filter(session=session)
        .exclude(comment="")
        .values_list("pk", "comment", "code")
    )
    existing = {
        (s.answer_id, s.kind): s for s in CodeSuggestion.objects.filter(answer__session=session)
    }
    coded = set(
        CodeApplication.objects.filter(answer__session=session)
        .filter(Q(code__kind__in=SuggestionKind.values))
        .values_list("answer_id", "code__kind")
    )
    create, refresh, withdraw, kept = [], [], [], 0
    for answer_id, comment, code in comments:
        for kind, suggester in SUGGESTERS.items():
            reason = suggester(comment, code, levels) if comment.strip() else None
            current = existing.get((answer_id, kind.value))
            if current is not None and current.status != SuggestionStatus.PENDING:
                kept += 1
            elif reason is None or (answer_id, kind.value) in coded:
                if current is not None:
                    withdraw.append(current.pk)
            elif current is None:
                create.append(CodeSuggestion(answer_id=answer_id, kind=kind, reason=reason))
            elif current.reason != reason:
                current.reason = reason
                refresh.append(current)
    CodeSuggestion.objects.bulk_create(create)
    CodeSuggestion.objects.bulk_update(refresh, ["reason"])
    CodeSuggestion.objects.filter(pk__in=withdraw).delete()
    return GenerationResult(len(comments), len(create), len(refresh), len(withdraw), kept)


def code_for_kind(session: LearningSession, kind: str) -> Code:
    """The session's active code of this kind: the first one, the code a code of this kind was
    merged into, or the starting code created again when the analysts deleted it."""
    do_create_default_codebook(session)
    codes = list(session.codes.filter(kind=kind).select_related("merged_into"))
    for code in codes:
        if code.is_active:
            return code
    for code in codes:
        target = code.merged_into
        while target is not None and not target.is_active:
            target = target.merged_into
        if target is not None:
            return target
    _kind, name, description, color = next(row for row in DEFAULT_CODES if row[0] == kind)
    return do_create_code(session, str(name), kind, str(description), color)


def _decide(suggestion: CodeSuggestion, status: str, user: User | None) -> None:
    if suggestion.status != SuggestionStatus.PENDING:
        raise CodingError(
            _("This suggestion was already %(status)s.")
            % {"status": suggestion.get_status_display().lower()}
        )
    suggestion.status = status
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def do_accept_suggestion(suggestion: CodeSuggestion, user: User | None) -> CodeApplication:
    _decide(suggestion, SuggestionStatus.ACCEPTED, user)
    answer = suggestion.answer
    code = code_for_kind(answer.session, suggestion.kind)
    application, _created = do_apply_code(code, answer, user=user)
    return application


@transaction.atomic
def do_reject_suggestion(suggestion: CodeSuggestion, user: User | None) -> None:
    _decide(suggestion, SuggestionStatus.REJECTED, user)
