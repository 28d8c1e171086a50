"""A participant's offline worksheet: what goes in it and what comes back, in their words."""

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from learnloop.learning_sessions.models import Participant
from learnloop.lib.worksheet import (
    ReadMessages,
    WorksheetModule,
    WorksheetRow,
    WorksheetWords,
    read_worksheet,
    write_worksheet,
)
from learnloop.survey.actions import AnswerInput
from learnloop.survey.queries import answers_by_proof_point, proof_points_by_key, scale_choices


def worksheet_words() -> WorksheetWords:
    return WorksheetWords(
        key=_("Key"),
        principle=_("Principle"),
        proof_point=_("Proof point"),
        guidance=_("Guidance"),
        rating=_("Rating"),
        comment=_("Comment"),
        scale_heading=_("Rating scale (the Rating column offers these)"),
        rating_prompt=_("Pick a rating from the list, or Don't know."),
        comment_prompt=_("Your rationale, concerns and suggestions behind the rating."),
        comment_too_long=_("The comment is longer than %(limit)s characters.")
        % {"limit": settings.MAX_COMMENT_LENGTH},
        rating_not_on_scale=_("Pick a rating from the list."),
    )


def read_messages() -> ReadMessages:
    return ReadMessages(
        not_a_workbook=_(
            "The file is not an Excel workbook (.xlsx). Save it as an Excel workbook and "
            "upload it again."
        ),
        no_proof_points=_(
            "No proof points were found in the file: upload the worksheet downloaded from "
            "this page."
        ),
        missing_columns=_("Sheet '%(sheet)s': row 1 needs the columns %(columns)s."),
        too_many_rows=_("Sheet '%(sheet)s' has more than %(limit)s rows."),
        missing_key=_(
            "Sheet '%(sheet)s', row %(row)s: the hidden key in column A is empty, so the "
            "row cannot be matched to a proof point. Copy answers only into existing rows."
        ),
        unknown_key=_(
            "Sheet '%(sheet)s', row %(row)s: '%(key)s' is not one of your proof points. "
            "Do not change column A."
        ),
        duplicate_key=_(
            "Sheet '%(sheet)s', row %(row)s: this proof point is already answered on sheet "
            "'%(first_sheet)s', row %(first_row)s."
        ),
        bad_rating=_(
            "Sheet '%(sheet)s', row %(row)s: rating '%(rating)s' is not on the scale (%(labels)s)."
        ),
        comment_too_long=_(
            "Sheet '%(sheet)s', row %(row)s: the comment has %(length)s characters; the "
            "limit is %(limit)s."
        ),
    )


def _instructions(participant: Participant, upload_url: str) -> list[str]:
    session = participant.session
    lines = [
        _("%(title)s: your worksheet") % {"title": session.title},
        _(
            "Each module has its own sheet. For each proof point, pick a rating in the Rating "
            "column (or Don't know) and write your rationale, concerns and suggestions in the "
            "Comment column."
        ),
        _(
            "Do not change column A (hidden): it tells Learnloop which proof point a row is. "
            "You may sort rows or add sheets of your own notes."
        ),
        _(
            "Rows you leave blank keep the answers you gave online. A row with a rating or a "
            "comment replaces the answer for that proof point."
        ),
        _("Comments may be up to %(limit)s characters.") % {"limit": settings.MAX_COMMENT_LENGTH},
        _(
            "Upload the file at %(url)s. Every row is checked first; if anything is wrong, "
            "nothing is saved and you are told the sheet and row to fix."
        )
        % {"url": upload_url},
        session.privacy_statement,
    ]
    if session.closes_at:
        closes = formats.date_format(timezone.localtime(session.closes_at), "DATETIME_FORMAT")
        lines.insert(1, _("The session closes on %(date)s.") % {"date": closes})
    return lines


def build_worksheet(participant: Participant, upload_url: str) -> bytes:
    """The XLSX worksheet of the participant's proof points, with their answers so far."""
    by_key = proof_points_by_key(participant)
    answers = answers_by_proof_point(participant, [pp.pk for pp in by_key.values()])
    choices = scale_choices(participant)
    labels = {c.code: c.label for c in choices}
    modules: dict[int, WorksheetModule] = {}
    for key, pp in by_key.items():
        module = modules.setdefault(pp.module_id, WorksheetModule(pp.module.title, []))
        answer = answers.get(pp.pk)
        module.rows.append(
            WorksheetRow(
                key=key,
                principle=pp.principle.title,
                proof_point=pp.text,
                guidance=pp.guidance,
                rating=labels.get(answer.code, "") if answer and answer.code is not None else "",
                comment=answer.comment if answer else "",
            )
        )
    return write_worksheet(
        list(modules.values()),
        [c.label for c in choices],
        _instructions(participant, upload_url),
        worksheet_words(),
        settings.MAX_COMMENT_LENGTH,
    )


def parse_worksheet(participant: Participant, data: bytes) -> tuple[list[AnswerInput], list[str]]:
    """The answers in an uploaded worksheet, or every problem found (then no answers)."""
    by_key = proof_points_by_key(participant)
    parsed = read_worksheet(
        data,
        set(by_key),
        [(c.label, c.code) for c in scale_choices(participant)],
        worksheet_words(),
        read_messages(),
        settings.MAX_COMMENT_LENGTH,
    )
    if parsed.errors:
        return [], parsed.errors
    return [(by_key[a.key].pk, a.code, a.comment) for a in parsed.answers], []
