from django import forms
from django.utils.translation import gettext_lazy as _


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organization"), max_length=200)
