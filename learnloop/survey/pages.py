"""What the module and review pages show, assembled from queries.py."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.crypto import salted_hmac

from learnloop.frameworks.models import Module, Principle, ProofPoint, ScaleChoice
from learnloop.learning_sessions.models import Participant
from learnloop.survey.forms import ModuleAnswersForm
from learnloop.survey.queries import (
    Progress,
    answers_by_proof_point,
    module_principles,
    progress_for,
    scale_choices,
    unrated_proof_points,
)


@dataclass
class ProofPointItem:
    """One proof point as the page shows it: the saved (or just posted) answer and any error."""

    proof_point: ProofPoint
    code: str = ""
    comment: str = ""
    updated_at_ms: int = 0
    saved: bool = False
    error: str = ""

    @property
    def is_rated(self) -> bool:
        return self.code != ""


@dataclass
class PrincipleItem:
    principle: Principle
    items: list[ProofPointItem] = field(default_factory=list)


@dataclass
class ModulePage:
    participant: Participant
    module: Module
    progress: Progress
    choices: list[ScaleChoice]
    principles: list[PrincipleItem]

    @property
    def proof_points(self) -> list[ProofPoint]:
        return [item.proof_point for p in self.principles for item in p.items]

    @property
    def items(self) -> list[ProofPointItem]:
        return [item for p in self.principles for item in p.items]

    @property
    def has_errors(self) -> bool:
        return any(item.error for item in self.items)

    def apply_posted(self, form: ModuleAnswersForm) -> None:
        """Show what was posted, with the errors, so no typed text is lost."""
        for item in self.items:
            item.code, item.comment = form.values.get(item.proof_point.pk, ("", ""))
            item.error = form.errors.get(item.proof_point.pk, "")

    def destination(self, go: str) -> Module | None:
        """Where "save and continue" leads: the previous or next module, or None for review."""
        if go == "previous":
            return self.progress.before(self.module) or self.module
        if go == "stay":
            return self.module
        return None if go == "review" else self.progress.after(self.module)

    def context(self, token: str) -> dict:
        rated_here = sum(1 for item in self.items if item.saved and item.is_rated)
        return {
            "session": self.participant.session,
            "participant": self.participant,
            "token": token,
            "module": self.module,
            "page": self,
            "progress": self.progress,
            "rated_elsewhere": self.progress.rated - rated_here,
            "position": self.progress.position(self.module),
            "previous_module": self.progress.before(self.module),
            "next_module": self.progress.after(self.module),
            "choices": self.choices,
            "max_comment_length": settings.MAX_COMMENT_LENGTH,
            "draft_key": draft_key(self.participant),
        }


def draft_key(participant: Participant) -> str:
    """Where the browser keeps typed text not yet saved: the same for all of a participant's
    links, so a draft made through the invitation is restored through a reminder's link. Keyed
    with the secret key, so it says nothing about the participant to another page."""
    return salted_hmac("learnloop.survey.draft", str(participant.pk)).hexdigest()[:16]


def module_page(participant: Participant, module: Module) -> ModulePage:
    principles = module_principles(module)
    proof_point_ids = [pp.pk for p in principles for pp in p.proof_points.all()]
    answers = answers_by_proof_point(participant, proof_point_ids)
    items = []
    for principle in principles:
        item = PrincipleItem(principle)
        for pp in principle.proof_points.all():
            answer = answers.get(pp.pk)
            if answer is None:
                item.items.append(ProofPointItem(pp))
                continue
            code = "" if answer.code is None else str(answer.code)
            updated = int(answer.updated_at.timestamp() * 1000)
            item.items.append(ProofPointItem(pp, code, answer.comment, updated, saved=True))
        items.append(item)
    return ModulePage(
        participant, module, progress_for(participant), scale_choices(participant), items
    )


def review_page(participant: Participant, token: str) -> dict:
    progress = progress_for(participant)
    unrated = unrated_proof_points(participant)
    modules = [(m, unrated.get(m.module.pk, [])) for m in progress.modules]
    return {
        "session": participant.session,
        "participant": participant,
        "token": token,
        "progress": progress,
        "modules": modules,
        "unrated_count": progress.total - progress.rated,
    }
