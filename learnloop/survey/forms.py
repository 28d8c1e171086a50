"""Reading what a participant sends: one answer (autosave), a module page, a worksheet, a group."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learnloop.frameworks.models import ProofPoint, ScaleChoice
from learnloop.organizations.models import Group

NOT_ON_SCALE = _("Pick a rating from the scale.")


def comment_too_long_message(length: int) -> str:
    return gettext("The comment has %(length)s characters; the limit is %(limit)s.") % {
        "length": length,
        "limit": settings.MAX_COMMENT_LENGTH,
    }


@dataclass(frozen=True)
class ParsedAnswer:
    code: int | None
    comment: str
    error: str = ""


def parse_answer(data) -> ParsedAnswer:
    """The `code` and `comment` fields of one autosave request, checked for form only.

    Whether the code is on this session's scale is checked with the proof point, in one query.
    """
    raw_code = data.get("code", "").strip()
    # Browsers post line breaks as CRLF; count and store them as one character, as typed.
    comment = data.get("comment", "").replace("\r\n", "\n")
    code = None
    if raw_code:
        try:
            code = int(raw_code)
        except ValueError:
            return ParsedAnswer(None, comment, str(NOT_ON_SCALE))
    if len(comment) > settings.MAX_COMMENT_LENGTH:
        return ParsedAnswer(code, comment, comment_too_long_message(len(comment)))
    return ParsedAnswer(code, comment)


class ModuleAnswersForm:
    """Every proof point of a module page, posted at once without JavaScript.

    Fields are named code-<proof point id> and comment-<proof point id>. `errors` maps a proof
    point id to its message; `answers` is the list to save when there are none.
    """

    def __init__(self, proof_points: list[ProofPoint], choices: list[ScaleChoice], data) -> None:
        self.proof_points = proof_points
        self.codes = {c.code for c in choices}
        self.data = data
        self.errors: dict[int, str] = {}
        self.answers: list[tuple[int, int | None, str]] = []
        self.values: dict[int, tuple[str, str]] = {}

    def is_valid(self) -> bool:
        for proof_point in self.proof_points:
            raw_code = self.data.get(f"code-{proof_point.pk}", "")
            comment = self.data.get(f"comment-{proof_point.pk}", "")
            self.values[proof_point.pk] = (raw_code, comment)
            parsed = parse_answer({"code": raw_code, "comment": comment})
            if not parsed.error and parsed.code is not None and parsed.code not in self.codes:
                parsed = ParsedAnswer(None, comment, str(NOT_ON_SCALE))
            if parsed.error:
                self.errors[proof_point.pk] = parsed.error
            else:
                self.answers.append((proof_point.pk, parsed.code, parsed.comment))
        return not self.errors


class WorksheetUploadForm(forms.Form):
    worksheet = forms.FileField(
        label=_("Your filled-in worksheet"),
        help_text=_("The Excel file (.xlsx) you downloaded from this page and filled in."),
    )

    def clean_worksheet(self):
        upload = self.cleaned_data["worksheet"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("'%(name)s' is not an Excel workbook: upload the .xlsx worksheet."),
                params={"name": upload.name},
            )
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB."),
                params={"limit": settings.MAX_UPLOAD_SIZE // (1024 * 1024)},
            )
        return upload


class JoinSessionForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        label=_("Which group do you answer for?"),
        help_text=_("Your answers are reported with this group's, never with your name."),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, groups, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["group"].required = groups.exists()
