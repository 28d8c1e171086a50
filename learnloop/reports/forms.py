"""Form pieces shared by the apps that point at a learning session's proof points."""

from __future__ import annotations

from typing import Any

from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.reports.queries import session_proof_points


class SessionProofPointsMixin:
    """For a form with a ``proof_points`` multiple-choice field: limits it to the session's
    proof points and gives the template (``reports/_proof_point_picker.html``) those proof
    points by module, each with whether it is ticked."""

    fields: dict[str, Any]
    data: Any
    initial: dict[str, Any]
    is_bound: bool
    session_points: list[ProofPoint]

    def limit_proof_points(self, session: LearningSession) -> None:
        self.session_points = session_proof_points(session)
        self.fields["proof_points"].queryset = ProofPoint.objects.filter(
            pk__in=[pp.pk for pp in self.session_points]
        )

    def chosen_ids(self) -> set[int]:
        value = (
            self.data.getlist("proof_points")
            if self.is_bound
            else self.initial.get("proof_points", [])
        )
        return {int(pk) for pk in value if str(pk).isdigit()}

    def proof_point_sections(self) -> list[dict[str, Any]]:
        """The session's proof points by module, each with whether it is ticked."""
        chosen = self.chosen_ids()
        sections: dict[int, dict[str, Any]] = {}
        for pp in self.session_points:
            section = sections.setdefault(pp.module_id, {"module": pp.module, "items": []})
            section["items"].append({"proof_point": pp, "checked": pp.pk in chosen})
        return list(sections.values())
