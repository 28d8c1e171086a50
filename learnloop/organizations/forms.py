from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from learnloop.organizations.actions import group_name_taken, person_with_email
from learnloop.organizations.models import Group, Organization, Person, Role

ALLOWED_IMPORT_SUFFIXES = (".csv", ".txt", ".xlsx")


class Form(forms.Form):
    """A form whose labels end without a colon, like the rest of Learnloop."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OrganizationForm(Form):
    name = forms.CharField(label=_("Name of the organization"), max_length=200)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        return name


class GroupForm(Form):
    name = forms.CharField(
        label=_("Name of the group"),
        max_length=120,
        help_text=_("For example: Board, Executive team, Managers, Staff, Finance."),
    )

    def __init__(self, *args, organization: Organization, group: Group | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization, self.group = organization, group

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if group_name_taken(self.organization, name, exclude=self.group):
            raise forms.ValidationError(
                _("There is already a group called %(name)s.") % {"name": name}
            )
        return name


class PersonForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Optional. Without one, the person can still take part through a link."),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organization: Organization, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization, self.person = organization, person
        self.fields["groups"].queryset = organization.groups.all()

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        other = person_with_email(self.organization, email, exclude=self.person)
        if other is not None:
            raise forms.ValidationError(
                _("%(name)s already uses this email in this organization.") % {"name": other.name}
            )
        return email


class PeopleFilterForm(Form):
    q = forms.CharField(label=_("Search by name or email"), required=False, max_length=200)
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("All groups"),
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = organization.groups.all()


class ImportPeopleForm(Form):
    file = forms.FileField(
        label=_("People file (CSV or XLSX)"),
        allow_empty_file=True,  # the reader says "<file name> is empty", naming the file
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        help_text=_("Columns: name, email, groups. The first row names the columns."),
    )
    update_existing = forms.BooleanField(
        label=_("Update existing people"),
        required=False,
        help_text=_(
            "When a row's email belongs to someone already in the organization, update their "
            "name and groups from the file. Otherwise such rows are reported as problems."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("%(filename)s is %(size)s; the largest file accepted is %(limit)s.")
                % {
                    "filename": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
                }
            )
        if not upload.name.lower().endswith(ALLOWED_IMPORT_SUFFIXES):
            raise forms.ValidationError(
                _("%(filename)s is not a CSV or XLSX file. Choose a file ending in .csv or .xlsx.")
                % {"filename": upload.name}
            )
        return upload


class MemberForm(Form):
    email = forms.EmailField(label=_("Email"))
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Used only when the person has no Learnloop account yet."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args, roles: list[Role], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        self.fields["role"].initial = Role.VIEWER


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args, roles: list[Role], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
