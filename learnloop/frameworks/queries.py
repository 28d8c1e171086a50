"""Reads of frameworks that several pages, the export and the versioning share."""

from django.db.models import Count, Prefetch

from learnloop.frameworks.models import Framework, Module, Principle
from learnloop.lib.framework_yaml import (
    ParsedChoice,
    ParsedFramework,
    ParsedModule,
    ParsedPrinciple,
    ParsedProofPoint,
    ParsedScale,
)
from learnloop.organizations.models import Organization


def modules_with_content(framework: Framework) -> list[Module]:
    """Modules with their principles and proof points in order, in three queries."""
    principles = Principle.objects.prefetch_related("proof_points")
    return list(framework.modules.prefetch_related(Prefetch("principles", queryset=principles)))


def framework_as_parsed(framework: Framework, *, with_version: bool = True) -> ParsedFramework:
    """The framework as the YAML library sees it, for export and for copying a version."""
    scale = framework.default_scale
    parsed_scale = None
    if scale is not None:
        choices = list(scale.choices.order_by("code"))
        parsed_scale = ParsedScale(
            name=scale.name,
            levels=tuple(_choice(c) for c in choices if c.code > 0),
            non_ordinal=tuple(_choice(c) for c in reversed(choices) if c.code <= 0),
        )
    return ParsedFramework(
        key=framework.key,
        title=framework.title,
        description=framework.description,
        version=framework.version if with_version else None,
        scale=parsed_scale,
        modules=tuple(_module(m) for m in modules_with_content(framework)),
    )


def _choice(choice) -> ParsedChoice:
    return ParsedChoice(code=choice.code, label=choice.label, description=choice.description)


def _module(module: Module) -> ParsedModule:
    return ParsedModule(
        key=module.key,
        title=module.title,
        description=module.description,
        principles=tuple(
            ParsedPrinciple(
                key=p.key,
                title=p.title,
                description=p.description,
                proof_points=tuple(
                    ParsedProofPoint(key=pp.key, text=pp.text, guidance=pp.guidance)
                    for pp in p.proof_points.all()
                ),
            )
            for p in module.principles.all()
        ),
    )


def versions_of(framework: Framework) -> list[Framework]:
    """Every version of this framework's key, newest first, with how many sessions use each."""
    return list(
        Framework.objects.filter(organization_id=framework.organization_id, key=framework.key)
        .annotate(session_count=Count("learning_sessions"))
        .order_by("-version")
    )


def latest_version(organization: Organization, key: str) -> Framework | None:
    return Framework.objects.filter(organization=organization, key=key).order_by("-version").first()


def frameworks_for_list(organization: Organization) -> list[dict]:
    """One row per framework key: the latest version, how many versions, sessions using any."""
    versions = (
        Framework.objects.filter(organization=organization)
        .annotate(
            session_count=Count("learning_sessions", distinct=True),
            module_count=Count("modules", distinct=True),
            proof_point_count=Count("modules__proof_points", distinct=True),
        )
        .order_by("key", "-version")
    )
    rows: dict[str, dict] = {}
    for framework in versions:
        row = rows.setdefault(
            framework.key, {"latest": framework, "version_count": 0, "session_count": 0}
        )
        row["version_count"] += 1
        row["session_count"] += framework.session_count
    return sorted(rows.values(), key=lambda row: row["latest"].title.casefold())
