from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.accounts.models import User
from learnloop.frameworks.models import Framework, Module
from learnloop.learning_sessions.actions import SESSION_FIELDS, ParticipantChoice, met_level_problem
from learnloop.learning_sessions.introduction import (
    INTRO_FIELDS,
    default_introduction,
    follow_defaults,
)
from learnloop.learning_sessions.models import Anonymity, LearningSession, Participant, Purpose
from learnloop.organizations.models import Group, Organization, Person, Role

DRAFT_ONLY_HELP = _(
    "Fixed once the session is open: answers already given refer to these proof points and this "
    "scale, and participants were told how their answers would be handled."
)
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class ModuleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Module) -> str:
        return obj.title


class SessionForm(forms.ModelForm):
    modules = ModuleField(
        queryset=Module.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Modules"),
        help_text=_("The modules this session covers; you choose who answers which later."),
    )
    open_link_groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Groups respondents can choose"),
        help_text=_(
            "Anonymous mode only: the groups offered on the open link. Leave all unticked to "
            "offer every group of the organization."
        ),
    )

    class Meta:
        model = LearningSession
        fields = [*SESSION_FIELDS[:3], "modules", *SESSION_FIELDS[3:], "open_link_groups"]
        labels = {
            "framework": _("Framework version"),
            "scale": _("Rating scale"),
            "administrator": _("Administrator"),
            "anonymity": _("Anonymity mode"),
            "opens_at": _("Opening date"),
            "closes_at": _("Closing date"),
        }
        help_texts = {
            "purpose": _("Recurring reviews cover a few modules at a time, again and again."),
            "scale": _("Leave empty to use the framework's own scale."),
            "anonymity": _(
                "Named: administrators and facilitators see who said what. Confidential: "
                "Learnloop knows who answered (for reminders) but reports show groups only. "
                "Anonymous: one open link, participants pick their group, nobody is known."
            ),
            "min_group_size": _(
                "Groups with fewer participants than this are never shown on their own."
            ),
            "opens_at": _("When you plan to open it; opening records the actual time."),
            "closes_at": _("Links stop working after this moment."),
        }
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 3}) for name in INTRO_FIELDS},
            "opens_at": DateTimeLocalInput(),
            "closes_at": DateTimeLocalInput(),
        }

    def __init__(self, organization: Organization, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["framework"].queryset = organization.frameworks.all()
        self.fields["modules"].queryset = Module.objects.filter(
            framework__organization=organization
        ).select_related("framework")
        self.fields["scale"].queryset = organization.rating_scales.all()
        self.fields["open_link_groups"].queryset = organization.groups.all()
        self.fields["scale"].required = False
        self.fields["administrator"].queryset = User.objects.filter(
            memberships__organization=organization,
            memberships__role__in=[Role.OWNER, Role.ADMINISTRATOR],
        ).order_by("email")
        self.fields["min_group_size"].validators.append(MinValueValidator(1))
        self.fields["min_group_size"].widget.attrs["min"] = 1
        for name in ["opens_at", "closes_at"]:
            self.fields[name].input_formats = [DATETIME_FORMAT]
        if self.instance.pk and self.instance.state != "draft":
            for name in ["framework", "scale", "modules", "anonymity"]:
                self.fields[name].disabled = True
                self.fields[name].help_text = DRAFT_ONLY_HELP

    def module_choices_by_framework(self) -> list[tuple[Framework, list]]:
        """The module checkboxes grouped under their framework version."""
        groups: dict[int, tuple[Framework, list]] = {}
        for widget in self["modules"]:
            module = widget.data["value"].instance
            groups.setdefault(module.framework_id, (module.framework, []))[1].append(widget)
        return list(groups.values())

    def privacy_statements(self) -> list[tuple[str, str, str]]:
        """What participants will read under each mode, with the current minimum group size."""
        n = self["min_group_size"].value() or 3
        try:
            n = int(n)
        except (TypeError, ValueError):
            n = 3
        return [
            (value, label, LearningSession(anonymity=value, min_group_size=n).privacy_statement)
            for value, label in Anonymity.choices
        ]

    def clean(self) -> dict:
        data = super().clean()
        framework, modules = data.get("framework"), data.get("modules") or []
        if framework is not None:
            stray = [m.title for m in modules if m.framework_id != framework.pk]
            if stray:
                self.add_error(
                    "modules",
                    _("Not part of %(framework)s: %(modules)s.")
                    % {"framework": framework, "modules": ", ".join(stray)},
                )
            if data.get("scale") is None:
                data["scale"] = framework.default_scale
                if data["scale"] is None:
                    self.add_error("scale", _("This framework has no scale of its own: pick one."))
        if data.get("scale") is not None:
            problem = met_level_problem(data.get("met_level"), data["scale"])
            if problem:
                self.add_error("met_level", problem)
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The closing date must be after the opening date."))
        if closes_at and "closes_at" in self.changed_data and closes_at <= timezone.now():
            self.add_error("closes_at", _("The closing date is in the past."))
        if data.get("purpose") and data.get("anonymity") and data.get("min_group_size"):
            data.update(
                follow_defaults(
                    data,
                    data["purpose"],
                    data["anonymity"],
                    self.organization.name,
                    data["min_group_size"],
                    self.instance.min_group_size if self.instance.pk else None,
                )
            )
        return data

    def session_fields(self) -> dict[str, Any]:
        """What the create and update actions take, besides the modules."""
        fields = {name: self.cleaned_data[name] for name in SESSION_FIELDS}
        return {**fields, "open_link_groups": list(self.cleaned_data["open_link_groups"])}


def initial_session_data(organization: Organization, user: User) -> dict[str, Any]:
    frameworks = list(organization.frameworks.all()[:2])
    initial: dict[str, Any] = {
        "purpose": Purpose.DEEP_DIVE,
        "anonymity": Anonymity.CONFIDENTIAL,
        "min_group_size": 3,
        "administrator": user.pk,
        **default_introduction(Purpose.DEEP_DIVE, Anonymity.CONFIDENTIAL, organization.name),
    }
    if len(frameworks) == 1:
        initial["framework"] = frameworks[0].pk
        initial["modules"] = [m.pk for m in frameworks[0].modules.all()]
    return initial


@dataclass
class PersonRow:
    person: Person
    add: forms.BoundField
    modules: forms.BoundField
    group: forms.BoundField


class AddParticipantsForm(forms.Form):
    """One row per person who is not yet a participant: add?, their modules, reporting group."""

    def __init__(
        self,
        session: LearningSession,
        people: list[Person],
        groups: list[Group],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.session, self.people = session, people
        self.modules_by_pk = {m.pk: m for m in session.modules.all()}
        self.groups_by_pk = {g.pk: g for g in groups}
        module_choices = [(pk, m.title) for pk, m in self.modules_by_pk.items()]
        group_choices = [("", _("No group")), *[(g.pk, g.name) for g in groups]]
        for person in people:
            first = person.groups.all()[0] if person.groups.all() else None
            self.fields[f"add_{person.pk}"] = forms.BooleanField(required=False, label=person.name)
            self.fields[f"modules_{person.pk}"] = forms.TypedMultipleChoiceField(
                choices=module_choices,
                coerce=int,
                required=False,
                initial=list(self.modules_by_pk),
                widget=forms.CheckboxSelectMultiple,
                label=_("Modules %(name)s answers") % {"name": person.name},
            )
            self.fields[f"group_{person.pk}"] = forms.TypedChoiceField(
                choices=group_choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=first.pk if first else "",
                label=_("Reporting group of %(name)s") % {"name": person.name},
            )

    def sections(self) -> list[tuple[str, list[PersonRow]]]:
        """People under their first group (alphabetically), those in no group last."""
        sections: dict[str, list[PersonRow]] = {}
        for person in self.people:
            first = person.groups.all()[0] if person.groups.all() else None
            rows = sections.setdefault(first.name if first else "", [])
            rows.append(
                PersonRow(
                    person,
                    self[f"add_{person.pk}"],
                    self[f"modules_{person.pk}"],
                    self[f"group_{person.pk}"],
                )
            )
        named = sorted((k, v) for k, v in sections.items() if k)
        return named + ([("", sections[""])] if "" in sections else [])

    def clean(self) -> dict:
        data = super().clean()
        self.choices: list[ParticipantChoice] = []
        for person in self.people:
            if not data.get(f"add_{person.pk}"):
                continue
            module_pks = data.get(f"modules_{person.pk}") or []
            if not module_pks:
                self.add_error(
                    f"modules_{person.pk}",
                    _("Choose at least one module for %(name)s.") % {"name": person.name},
                )
                continue
            group_pk = data.get(f"group_{person.pk}")
            self.choices.append(
                ParticipantChoice(
                    person,
                    self.groups_by_pk.get(group_pk) if group_pk else None,
                    [self.modules_by_pk[pk] for pk in module_pks],
                )
            )
        if not self.choices and not self.errors:
            raise forms.ValidationError(_("Tick at least one person to add."))
        return data


class ParticipantForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(), required=False, label=_("Reporting group")
    )
    modules = ModuleField(
        queryset=Module.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Modules they answer"),
    )

    def __init__(self, session: LearningSession, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = session.organization.groups.all()
        self.fields["modules"].queryset = session.modules.all()


class InvitationsForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Send to"),
        error_messages={"required": _("Tick at least one participant.")},
    )

    def __init__(self, participants: QuerySet[Participant], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = participants
        self.fields["participants"].label_from_instance = lambda p: str(p.person)


class RemoveParticipantForm(forms.Form):
    delete_answers = forms.BooleanField(
        required=False, label=_("Delete their answers too. This cannot be undone.")
    )
