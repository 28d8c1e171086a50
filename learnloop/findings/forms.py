from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from learnloop.findings.models import Finding, Kind
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.reports.forms import SessionProofPointsMixin


class FindingForm(SessionProofPointsMixin, forms.Form):
    """A finding's words and the proof points it is about (only the session's are offered;
    any other id is refused as an invalid choice)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=Finding._meta.get_field("title").max_length,
        help_text=_("One line that says what you found."),
    )
    body = forms.CharField(
        label=_("What we found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In plain words, with the figures or comments that back it."),
    )
    proof_points = forms.ModelMultipleChoiceField(
        label=_("Proof points"),
        queryset=ProofPoint.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, session: LearningSession, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_proof_points(session)

    @classmethod
    def for_finding(cls, finding: Finding, data=None) -> FindingForm:
        initial = {
            "kind": finding.kind,
            "title": finding.title,
            "body": finding.body,
            "proof_points": [pp.pk for pp in finding.proof_points.all()],
        }
        return cls(finding.session, data, initial=initial)


class DraftForm(forms.Form):
    bring_back_deleted = forms.BooleanField(
        label=_("Also bring back drafted findings I deleted"), required=False
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class ReadyForm(forms.Form):
    ready = forms.TypedChoiceField(
        choices=[("1", _("Ready to share")), ("0", _("Draft"))], coerce=lambda v: v == "1"
    )


class LinkCommentForm(forms.Form):
    answer = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quote = forms.CharField(
        label=_("Quote"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty to quote the whole comment, or paste the passage that matters."),
    )
