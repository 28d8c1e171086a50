from django import forms
from django.utils.translation import gettext_lazy as _

from learnloop.api.actions import MAX_NAME_LENGTH


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=MAX_NAME_LENGTH,
        help_text=_("What the token is for, for example 'Monthly export to our dashboard'."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
