from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from learnloop.lib.framework_yaml import (
    KEY_MAX_LENGTH,
    KEY_PATTERN,
    FrameworkFileError,
    parse_framework,
)

key_validator = RegexValidator(
    KEY_PATTERN,
    _("Use lowercase letters, digits, hyphens and underscores, starting with a letter or digit."),
)


class UploadFrameworkForm(forms.Form):
    file = forms.FileField(
        label=_("Framework file (YAML)"),
        help_text=_(
            "A file in the format described in the frameworks guide, such as one downloaded "
            "from Learnloop. If a framework with the same key exists, this becomes its next "
            "version."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,text/yaml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s bytes; the largest accepted is %(limit)s bytes."),
                params={"size": upload.size, "limit": settings.MAX_UPLOAD_SIZE},
            )
        try:
            self.cleaned_data["parsed"] = parse_framework(
                upload.read(), max_bytes=settings.MAX_UPLOAD_SIZE
            )
        except FrameworkFileError as exc:
            raise forms.ValidationError([forms.ValidationError(e) for e in exc.errors]) from None
        return upload


class FrameworkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class _KeyedForm(forms.Form):
    """A form for a new item asks for its key; keys never change once made."""

    key = forms.CharField(
        label=_("Key"),
        required=False,
        max_length=KEY_MAX_LENGTH,
        validators=[key_validator],
        help_text=_(
            "A short name that links this item across versions, such as “board-governance”. "
            "Leave it blank to make one from the text. It cannot be changed later."
        ),
    )

    def __init__(self, *args, taken_keys: set[str] | None = None, adding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.taken_keys = taken_keys or set()
        if not adding:
            del self.fields["key"]

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if key and key in self.taken_keys:
            raise forms.ValidationError(_("This key is already used here; choose another."))
        return key


class ModuleForm(_KeyedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class PrincipleForm(_KeyedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ProofPointForm(_KeyedForm):
    text = forms.CharField(
        label=_("Proof point"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "An observable statement participants rate, such as “The board reviews "
            "progress against the strategic plan at least twice a year.”"
        ),
    )
    guidance = forms.CharField(
        label=_("Guidance"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what to look for when rating this proof point."),
    )
