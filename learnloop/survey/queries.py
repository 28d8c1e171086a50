"""What the survey pages show: a participant's modules, answers and progress, in few queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from learnloop.frameworks.models import Module, Principle, ProofPoint, ScaleChoice
from learnloop.learning_sessions.models import Answer, Participant


@dataclass
class ModuleProgress:
    module: Module
    rated: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.rated / self.total) if self.total else 100

    @property
    def is_complete(self) -> bool:
        return self.rated >= self.total


@dataclass
class Progress:
    modules: list[ModuleProgress] = field(default_factory=list)

    @property
    def rated(self) -> int:
        return sum(m.rated for m in self.modules)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.rated / self.total) if self.total else 100

    @property
    def resume_module(self) -> Module | None:
        """The first module with unrated proof points, else the first module."""
        for item in self.modules:
            if not item.is_complete:
                return item.module
        return self.modules[0].module if self.modules else None

    def after(self, module: Module) -> Module | None:
        ids = [m.module.pk for m in self.modules]
        index = ids.index(module.pk)
        return self.modules[index + 1].module if index + 1 < len(ids) else None

    def before(self, module: Module) -> Module | None:
        ids = [m.module.pk for m in self.modules]
        index = ids.index(module.pk)
        return self.modules[index - 1].module if index > 0 else None

    def position(self, module: Module) -> int:
        return [m.module.pk for m in self.modules].index(module.pk) + 1


def participant_modules(participant: Participant):
    """The participant's modules in this session, in the framework's order."""
    return Module.objects.filter(
        participants=participant, learning_sessions=participant.session_id
    ).order_by("position", "pk")


def progress_for(participant: Participant) -> Progress:
    """Rated proof points (a level or a non-ordinal answer) out of all, per module. 3 queries."""
    modules = list(participant_modules(participant))
    totals = dict(
        ProofPoint.objects.filter(module__in=modules)
        .values_list("module")
        .annotate(n=Count("pk"))
        .values_list("module", "n")
    )
    rated = dict(
        Answer.objects.filter(participant=participant, code__isnull=False)
        .values_list("proof_point__module")
        .annotate(n=Count("pk"))
        .values_list("proof_point__module", "n")
    )
    return Progress([ModuleProgress(m, rated.get(m.pk, 0), totals.get(m.pk, 0)) for m in modules])


def scale_choices(participant: Participant) -> list[ScaleChoice]:
    """The scale as a participant reads it: levels lowest first, then don't know and others."""
    choices = list(participant.session.scale.choices.all())
    levels = sorted((c for c in choices if c.code > 0), key=lambda c: c.code)
    others = sorted((c for c in choices if c.code <= 0), key=lambda c: -c.code)
    return levels + others


def module_principles(module: Module) -> list[Principle]:
    """The module's principles, each with its proof points prefetched."""
    return list(
        module.principles.prefetch_related(
            Prefetch("proof_points", queryset=ProofPoint.objects.order_by("position", "pk"))
        )
    )


def answers_by_proof_point(participant: Participant, proof_point_ids) -> dict[int, Answer]:
    return {
        a.proof_point_id: a
        for a in Answer.objects.filter(participant=participant, proof_point_id__in=proof_point_ids)
    }


def unrated_proof_points(participant: Participant) -> dict[int, list[ProofPoint]]:
    """Per module id, the proof points the participant has not rated yet."""
    rated = Answer.objects.filter(participant=participant, code__isnull=False).values(
        "proof_point_id"
    )
    result: dict[int, list[ProofPoint]] = {}
    for proof_point in (
        ProofPoint.objects.filter(module__in=participant_modules(participant))
        .exclude(pk__in=rated)
        .select_related("principle")
        .order_by("module__position", "principle__position", "position", "pk")
    ):
        result.setdefault(proof_point.module_id, []).append(proof_point)
    return result


def proof_points_by_key(participant: Participant) -> dict[str, ProofPoint]:
    """The participant's proof points by their key path module.principle.proof_point."""
    return {
        f"{pp.module.key}.{pp.principle.key}.{pp.key}": pp
        for pp in ProofPoint.objects.filter(module__in=participant_modules(participant))
        .select_related("module", "principle")
        .order_by("module__position", "principle__position", "position", "pk")
    }
