from django import forms
from django.utils.translation import gettext_lazy as _

from learnloop.lib.themes import MAX_THEMES
from learnloop.themes.models import Theme


class SuggestForm(forms.Form):
    """Scope and number of themes of a "Suggest themes" request."""

    module = forms.ChoiceField(label=_("Comments from"), required=False)
    themes = forms.TypedChoiceField(
        label=_("Number of themes"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Automatic chooses the number that separates the comments best."),
    )

    def __init__(self, *args, modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [("", _("The whole session"))] + [
            (str(module.pk), module.title) for module in modules
        ]
        self.fields["themes"].choices = [("", _("Automatic"))] + [
            (str(n), str(n)) for n in range(2, MAX_THEMES + 1)
        ]


class RenameForm(forms.Form):
    label = forms.CharField(
        label=_("Name"), max_length=Theme._meta.get_field("label").max_length, strip=True
    )
