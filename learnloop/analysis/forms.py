"""Forms of the coding pages. Every code choice is limited to the session's active codes, so
a code id from another session is not a valid choice."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from learnloop.analysis.models import Code, CodeKind


class CodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Code) -> str:
        return obj.name


class AddCodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=CodeKind.choices,
        initial=CodeKind.CUSTOM,
        help_text=_(
            "Custom for most new codes; Theme for a subject that comes up again and again."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("When to apply it, so that every analyst applies it the same way."),
    )


class RenameCodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MergeCodeForm(forms.Form):
    target = CodeChoiceField(
        queryset=Code.objects.none(),
        label=_("Merge into"),
        empty_label=_("Choose a code"),
        help_text=_(
            "Every comment coded with this code gets the chosen code instead; this code leaves "
            "the codebook."
        ),
    )

    def __init__(self, codes: QuerySet[Code], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = codes


class ApplyCodeForm(forms.Form):
    """A code for a comment: the whole comment, a span by offsets (measured by the page's
    script in the text as shown) or a passage typed or pasted without a script."""

    code = CodeChoiceField(queryset=Code.objects.none(), label=_("Code"))
    start = forms.IntegerField(required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, widget=forms.HiddenInput)
    passage = forms.CharField(
        label=_("Passage"),
        required=False,
        max_length=5000,
        strip=False,
        help_text=_(
            "Optional: copy the words to highlight; leave empty to code the whole comment."
        ),
    )

    def __init__(self, codes: QuerySet[Code], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = codes

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("start") is None) != (cleaned.get("end") is None):
            raise forms.ValidationError(_("A highlighted span needs both a start and an end."))
        return cleaned
