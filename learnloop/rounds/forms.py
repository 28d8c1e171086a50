"""Forms of reassessment: running a session again, and reviewing a proof point mapping."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learnloop.frameworks.models import Framework, Module, ProofPoint
from learnloop.learning_sessions.models import LearningSession

SAME_PEOPLE = "same"
NOBODY = "none"


class ModuleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Module) -> str:
        return obj.title


def next_title(session: LearningSession, number: int) -> str:
    """The session's title with its round number: "Spring review, round 2"."""
    base = re.sub(r",? *(round|Round) \d+$", "", session.title).strip() or session.title
    return _("%(title)s, round %(number)s") % {"title": base, "number": number}


class VersionForm(forms.Form):
    """Which framework version the next round uses (a GET form: it changes the modules shown)."""

    framework = forms.ModelChoiceField(
        queryset=Framework.objects.none(),
        label=gettext_lazy("Framework version"),
        empty_label=None,
        help_text=gettext_lazy(
            "The same version keeps every proof point comparable. A later version may add, change "
            "or retire proof points: the comparison then maps them by their keys, and you can "
            "review the mapping."
        ),
    )

    def __init__(self, versions: list[Framework], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["framework"]
        field.queryset = Framework.objects.filter(pk__in=[v.pk for v in versions]).order_by(
            "-version"
        )


class RunAgainForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the new round"), max_length=200)
    framework = forms.ModelChoiceField(queryset=Framework.objects.none(), widget=forms.HiddenInput)
    modules = ModuleField(
        queryset=Module.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Modules"),
        error_messages={"required": gettext_lazy("Choose at least one module for the new round.")},
    )
    participants = forms.ChoiceField(
        label=gettext_lazy("Participants"),
        widget=forms.RadioSelect,
        choices=[
            (
                SAME_PEOPLE,
                gettext_lazy(
                    "The same people, with their groups and modules (modules the new round "
                    "no longer covers are dropped)"
                ),
            ),
            (NOBODY, gettext_lazy("Nobody yet: I will add participants later")),
        ],
    )

    def __init__(
        self,
        session: LearningSession,
        versions: list[Framework],
        framework: Framework,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["framework"].queryset = Framework.objects.filter(
            pk__in=[v.pk for v in versions]
        )
        self.fields["modules"].queryset = framework.modules.order_by("position", "pk")
        if session.is_anonymous:
            self.fields["participants"].choices = [
                (
                    NOBODY,
                    _(
                        "Anonymous rounds have no named participants: people join the new "
                        "round through its own open link"
                    ),
                )
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        framework, modules = data.get("framework"), data.get("modules")
        if framework is not None and modules:
            stray = [m.title for m in modules if m.framework_id != framework.pk]
            if stray:
                self.add_error(
                    "modules",
                    _("Choose the modules again: these are not part of %(framework)s: %(m)s.")
                    % {"framework": framework, "m": ", ".join(stray)},
                )
        return data


class MappingForm(forms.Form):
    """One choice per proof point of the later version: the earlier proof point it continues,
    or "new". Choices are the earlier version's proof points only, grouped by module."""

    NEW = ""

    def __init__(
        self,
        later_points: list[ProofPoint],
        earlier_points: list[ProofPoint],
        initial_links: dict[int, int],
        *args: Any,
        read_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for point in earlier_points:
            groups.setdefault(point.module.title, []).append((str(point.pk), _short(point)))
        choices: list[Any] = [(self.NEW, _("New in this version (no earlier proof point)"))]
        choices += list(groups.items())
        self.later_points = later_points
        for point in later_points:
            initial = initial_links.get(point.pk)
            self.fields[f"pp-{point.pk}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=point.text,
                initial=str(initial) if initial is not None else self.NEW,
                disabled=read_only,
            )

    def rows(self) -> list[tuple[ProofPoint, forms.BoundField]]:
        return [(point, self[f"pp-{point.pk}"]) for point in self.later_points]

    def links(self) -> dict[int, int | None]:
        """``later id -> earlier id or None`` from the cleaned data."""
        result: dict[int, int | None] = {}
        for point in self.later_points:
            value = self.cleaned_data.get(f"pp-{point.pk}") or ""
            result[point.pk] = int(value) if value else None
        return result


def _short(point: ProofPoint) -> str:
    text = point.text if len(point.text) <= 90 else point.text[:87] + "…"
    return f"{point.principle.title}: {text}"
