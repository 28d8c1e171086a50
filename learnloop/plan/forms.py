from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from learnloop.discussions.models import Problem
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Person
from learnloop.plan.models import Action, ActionStatus
from learnloop.reports.forms import SessionProofPointsMixin


class ActionForm(SessionProofPointsMixin, forms.Form):
    """What an action is, the problem and proof points it addresses, its owner and due date.
    Only the session's problems and proof points and the organization's people are offered;
    any other id is refused with a message that says why."""

    title = forms.CharField(
        label=_("Title"),
        max_length=Action._meta.get_field("title").max_length,
        help_text=_("What will be done, in one line."),
    )
    description = forms.CharField(
        label=_("What will be done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The steps, and how you will know it worked."),
    )
    problem = forms.ModelChoiceField(
        label=_("Problem it addresses"),
        queryset=Problem.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("The problems chosen in this learning session's discussion sessions."),
        error_messages={
            "invalid_choice": _(
                "That problem was not chosen in a discussion of this learning session."
            )
        },
    )
    proof_points = forms.ModelMultipleChoiceField(
        label=_("Proof points"),
        queryset=ProofPoint.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("That is not a proof point of this learning session's modules."),
            "invalid_pk_value": _("That is not a proof point of this learning session's modules."),
        },
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_("The person who sees it through. Reminders go to their email address."),
        error_messages={
            "invalid_choice": _("The owner must be one of this organization's people.")
        },
    )
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the due date as a date, like 2025-06-30.")},
    )

    def __init__(self, session: LearningSession, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_proof_points(session)
        self.fields["owner"].queryset = Person.objects.filter(
            organization_id=session.organization_id
        ).order_by("name", "pk")
        self.fields["problem"].queryset = (
            Problem.objects.filter(discussion__session=session)
            .select_related("discussion")
            .order_by("-discussion__held_on", "position", "pk")
        )
        self.fields["problem"].label_from_instance = lambda problem: (
            f"{problem.title} ({problem.discussion.title})"
        )

    @classmethod
    def for_action(cls, action: Action, data=None) -> ActionForm:
        initial = {
            "title": action.title,
            "description": action.description,
            "problem": action.problem_id,
            "proof_points": [pp.pk for pp in action.proof_points.all()],
            "owner": action.owner_id,
            "due_on": action.due_on,
        }
        return cls(action.session, data, initial=initial)

    @classmethod
    def for_problem(cls, session: LearningSession, problem: Problem) -> ActionForm:
        """A new action starting from a discussion problem: its title and proof points."""
        form = cls(session)
        session_ids = {pp.pk for pp in form.session_points}
        form.initial = {
            "title": problem.title,
            "description": problem.description,
            "problem": problem.pk,
            "proof_points": [pp.pk for pp in problem.proof_points.all() if pp.pk in session_ids],
        }
        return form


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionStatus.choices,
        error_messages={"invalid_choice": _("Choose planned, in progress, done or dropped.")},
    )


class ProgressNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Progress"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened since the last note, what is in the way, what comes next."),
        error_messages={"required": _("Write what happened: a progress note cannot be empty.")},
    )
    status = forms.ChoiceField(
        label=_("Status after this note"),
        choices=[("", _("No change")), *ActionStatus.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose planned, in progress, done or dropped.")},
    )
