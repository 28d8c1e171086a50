from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.learning_sessions.forms import DateTimeLocalInput
from learnloop.sharing.actions import MAX_TERM, MAX_TEXT
from learnloop.sharing.models import ContributionKind, Reaction, ShareRelease


class ReleaseForm(forms.ModelForm):
    class Meta:
        model = ShareRelease
        fields = [
            "title",
            "message",
            "includes_summary",
            "includes_raw_data",
            "review_opens_at",
            "review_closes_at",
        ]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5}),
            "review_opens_at": DateTimeLocalInput(),
            "review_closes_at": DateTimeLocalInput(),
        }
        help_texts = {
            "message": _(
                "Shown above the findings: what you ask of the participants, and by when."
            ),
            "includes_summary": _(
                "The report's summary: each proof point's figures for all respondents, no groups."
            ),
            "includes_raw_data": _(
                "Every rating and redacted comment, in a random order, without names or "
                "respondent numbers; groups smaller than the minimum size are merged or left out."
            ),
            "review_closes_at": _(
                "Participants read and respond until then; their links stop opening the release."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("review_opens_at", now)
            self.initial.setdefault("review_closes_at", now + timedelta(days=14))
        if self.instance.pk is not None and not self.instance.is_draft:
            for name in ("title", "message", "includes_summary", "includes_raw_data"):
                self.fields[name].disabled = True

    def clean(self) -> dict:
        data = super().clean()
        opens, closes = data.get("review_opens_at"), data.get("review_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("review_closes_at", _("The review period must close after it opens."))
        return data

    def release_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TermForm(forms.Form):
    term = forms.CharField(
        label=_("Word or phrase"),
        max_length=MAX_TERM,
        help_text=_("Replaced in every comment of this session, in any case, as a whole word."),
    )
    replacement = forms.CharField(
        label=_("Replace with"), max_length=40, required=False, initial="[removed]"
    )


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Do you agree with this finding?"),
        choices=Reaction.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=ContributionKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your theme or question"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
