"""The discussion forms. Each offers only this organization's or this session's own choices, so
any other id is refused as an invalid choice; the actions check again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from learnloop.accounts.models import User
from learnloop.discussions.actions import MAX_VOTES_PER_PERSON, MAX_WHYS
from learnloop.discussions.models import (
    AgendaItem,
    AgendaSection,
    Cause,
    CauseCategory,
    Discussion,
    NoteKind,
    Problem,
)
from learnloop.discussions.queries import parse_target, session_proof_point_ids
from learnloop.findings.models import Finding
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import ROLE_RANK, Person, Role
from learnloop.plan.models import ActionStatus
from learnloop.reports.queries import session_proof_points


class DateInput(forms.DateInput):
    input_type = "date"


class FacilitatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


def facilitators_of(session: LearningSession):
    may = [role for role, rank in ROLE_RANK.items() if rank >= ROLE_RANK[Role.FACILITATOR]]
    return User.objects.filter(
        memberships__organization_id=session.organization_id, memberships__role__in=may
    ).order_by("name", "email")


class DiscussionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=Discussion._meta.get_field("title").max_length,
        help_text=_("For example “Board and staff discussion, spring round”."),
    )
    held_on = forms.DateField(label=_("Date"), widget=DateInput(format="%Y-%m-%d"))
    facilitator = FacilitatorChoice(
        label=_("Facilitator"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A facilitator, administrator or owner of the organization."),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Who is in the room"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The people who take part and vote. Taking someone out of the room removes their "
            "votes and stops their voting link."
        ),
    )
    votes_per_person = forms.IntegerField(
        label=_("Votes per person"),
        min_value=1,
        max_value=MAX_VOTES_PER_PERSON,
        initial=3,
        help_text=_("How many votes each person places on the most pressing problems."),
    )

    def __init__(self, session: LearningSession, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators_of(session)
        self.fields["participants"].queryset = Person.objects.filter(
            organization_id=session.organization_id
        ).order_by("name", "pk")

    @classmethod
    def for_discussion(cls, discussion: Discussion, data=None) -> DiscussionForm:
        initial = {
            "title": discussion.title,
            "held_on": discussion.held_on,
            "facilitator": discussion.facilitator_id,
            "participants": list(discussion.participants.values_list("person_id", flat=True)),
            "votes_per_person": discussion.votes_per_person,
        }
        return cls(discussion.session, data, initial=initial)


def _target_choices(session: LearningSession) -> list[tuple[str, Any]]:
    findings = [
        (f"f{pk}", title)
        for pk, title in Finding.objects.filter(session=session)
        .order_by("kind", "position", "pk")
        .values_list("pk", "title")
    ]
    points = [
        (f"p{pp.pk}", f"{pp.module.title}: {pp.text}") for pp in session_proof_points(session)
    ]
    choices: list[tuple[str, Any]] = [("", _("Nothing"))]
    if findings:
        choices.append((_("Findings"), findings))
    if points:
        choices.append((_("Proof points"), points))
    return choices


class AgendaItemForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=AgendaSection.choices)
    title = forms.CharField(
        label=_("Title"), max_length=AgendaItem._meta.get_field("title").max_length
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    about = forms.ChoiceField(
        label=_("About"),
        required=False,
        help_text=_(
            "A finding or proof point of this session. Those outside the strengths can be voted on."
        ),
    )

    def __init__(self, session: LearningSession, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = _target_choices(session)

    @classmethod
    def for_item(cls, item: AgendaItem, data=None) -> AgendaItemForm:
        about = ""
        if item.finding_id:
            about = f"f{item.finding_id}"
        elif item.proof_point_id:
            about = f"p{item.proof_point_id}"
        initial = {"section": item.section, "title": item.title, "notes": item.notes}
        return cls(item.discussion.session, data, initial={**initial, "about": about})


class ProblemForm(forms.Form):
    title = forms.CharField(
        label=_("The problem"),
        max_length=Problem._meta.get_field("title").max_length,
        help_text=_("In one line, in the room's own words."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    finding = forms.ModelChoiceField(
        label=_("Finding it comes from"), queryset=Finding.objects.none(), required=False
    )
    proof_points = forms.ModelMultipleChoiceField(
        label=_("Proof points"),
        queryset=ProofPoint.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, session: LearningSession, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = Finding.objects.filter(session=session).order_by(
            "kind", "position", "pk"
        )
        points = session_proof_points(session)
        self.fields["proof_points"].queryset = ProofPoint.objects.filter(
            pk__in=[pp.pk for pp in points]
        ).order_by("module__position", "principle__position", "position", "pk")

    @classmethod
    def for_problem(cls, problem: Problem, data=None) -> ProblemForm:
        initial = {
            "title": problem.title,
            "description": problem.description,
            "finding": problem.finding_id,
            "proof_points": [pp.pk for pp in problem.proof_points.all()],
        }
        return cls(problem.discussion.session, data, initial=initial)


class WhysForm(forms.Form):
    """Up to five answers to "why?", each asking why of the one before."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for step in range(1, MAX_WHYS + 1):
            self.fields[f"why_{step}"] = forms.CharField(
                label=_("Why %(step)d") % {"step": step},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> list[str]:
        return [self.cleaned_data[f"why_{step}"] for step in range(1, MAX_WHYS + 1)]


class CauseForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=CauseCategory.choices)
    text = forms.CharField(label=_("Cause"), max_length=Cause._meta.get_field("text").max_length)


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=NoteKind.choices, widget=forms.RadioSelect, initial="note"
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Status now"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("What was said"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def for_action(cls, action, data=None) -> ReviewForm:
        """The review form of one carried action (prefixed by its id, as several share a
        page), filled with this discussion's review when there is one."""
        review = getattr(action, "review_here", None)
        initial = {
            "status": review.status if review else action.status,
            "note": review.note if review else "",
        }
        return cls(data, initial=initial, prefix=f"a{action.pk}")


class VotingForm(forms.Form):
    open = forms.BooleanField(required=False)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


def target_objects(session: LearningSession, key: str) -> tuple[Finding | None, ProofPoint | None]:
    """The finding or proof point a form's "about" value names (only this session's)."""
    target = parse_target(key) if key else None
    if target is None:
        return None, None
    finding_id, proof_point_id = target
    if finding_id is not None:
        return Finding.objects.filter(session=session, pk=finding_id).first(), None
    if proof_point_id in session_proof_point_ids(session):
        return None, ProofPoint.objects.filter(pk=proof_point_id).first()
    return None, None
