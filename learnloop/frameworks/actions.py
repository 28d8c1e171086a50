"""Every write to frameworks, their modules, principles, proof points and rating scales.

A framework version used by a learning session is never edited in place: an edit to it first
makes a new version (a copy with the same keys) and changes that, so old reports stay valid.
The edit functions return the object as it is after the edit; compare its framework with the
one you started from to know whether a new version was made.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from learnloop.frameworks.library import load_starter
from learnloop.frameworks.models import (
    Framework,
    Module,
    Principle,
    ProofPoint,
    RatingScale,
    ScaleChoice,
)
from learnloop.frameworks.queries import framework_as_parsed
from learnloop.lib.framework_yaml import (
    DEFAULT_SCALE,
    KEY_MAX_LENGTH,
    ParsedFramework,
    ParsedModule,
    ParsedScale,
)
from learnloop.organizations.models import Organization


class FrameworkEditError(ValueError):
    """An edit that would leave the framework broken or ambiguous; the message says why."""


# Rating scales


def _create_scale(organization: Organization, parsed: ParsedScale) -> RatingScale:
    scale = RatingScale.objects.create(organization=organization, name=parsed.name)
    ScaleChoice.objects.bulk_create(
        ScaleChoice(scale=scale, code=c.code, label=c.label, description=c.description)
        for c in parsed.levels + parsed.non_ordinal
    )
    return scale


def _scale_signature(scale: RatingScale) -> tuple:
    return (
        scale.name,
        frozenset((c.code, c.label, c.description) for c in scale.choices.all()),
    )


def _scale_for(organization: Organization, parsed: ParsedScale | None) -> RatingScale:
    """The organization's scale identical to `parsed` (the default when None), or a new one.

    Reusing identical scales keeps the list of scales short when several frameworks are imported.
    """
    parsed = parsed or DEFAULT_SCALE
    wanted = (
        parsed.name,
        frozenset((c.code, c.label, c.description) for c in parsed.levels + parsed.non_ordinal),
    )
    for scale in organization.rating_scales.filter(name=parsed.name).prefetch_related("choices"):
        if _scale_signature(scale) == wanted:
            return scale
    return _create_scale(organization, parsed)


@transaction.atomic
def do_create_default_scale(organization: Organization) -> RatingScale:
    """Not started, beginning, partially meets, substantially meets, fully meets; don't know."""
    return _create_scale(organization, DEFAULT_SCALE)


# Import


def _create_content(framework: Framework, modules: Iterable[ParsedModule]) -> None:
    for m_pos, parsed_module in enumerate(modules):
        module = Module.objects.create(
            framework=framework,
            key=parsed_module.key,
            title=parsed_module.title,
            description=parsed_module.description,
            position=m_pos,
        )
        for p_pos, parsed_principle in enumerate(parsed_module.principles):
            principle = Principle.objects.create(
                module=module,
                key=parsed_principle.key,
                title=parsed_principle.title,
                description=parsed_principle.description,
                position=p_pos,
            )
            ProofPoint.objects.bulk_create(
                ProofPoint(
                    principle=principle,
                    module=module,
                    key=pp.key,
                    text=pp.text,
                    guidance=pp.guidance,
                    position=pp_pos,
                )
                for pp_pos, pp in enumerate(parsed_principle.proof_points)
            )


def _latest_locked(organization: Organization, key: str) -> Framework | None:
    versions = Framework.objects.select_for_update().filter(organization=organization, key=key)
    return max(versions, key=lambda f: f.version, default=None)


@transaction.atomic
def do_import_framework(organization: Organization, parsed: ParsedFramework) -> Framework:
    """A new framework (version 1), or the next version of the framework with the same key.

    The version number in the file is informational: Learnloop numbers versions itself.
    """
    previous = _latest_locked(organization, parsed.key)
    framework = Framework.objects.create(
        organization=organization,
        key=parsed.key,
        version=previous.version + 1 if previous else 1,
        title=parsed.title,
        description=parsed.description,
        default_scale=_scale_for(organization, parsed.scale),
        previous_version=previous,
    )
    _create_content(framework, parsed.modules)
    return framework


@transaction.atomic
def do_add_starter_framework(organization: Organization, starter_key: str) -> Framework:
    """Add a framework from the starter library; raises UnknownStarterError for a bad key."""
    return do_import_framework(organization, load_starter(starter_key))


# Versioning


def is_in_use(framework: Framework) -> bool:
    return framework.learning_sessions.exists()


def _editable(framework: Framework) -> Framework:
    """The version an edit applies to: this one, or a new copy when this one is in use."""
    latest = _latest_locked(framework.organization, framework.key)
    if latest is None or latest.pk != framework.pk:
        raise FrameworkEditError(
            _("Only the latest version (version %(n)s) can be edited.")
            % {"n": latest.version if latest else framework.version}
        )
    if not is_in_use(framework):
        return framework
    copy = Framework.objects.create(
        organization=framework.organization,
        key=framework.key,
        version=framework.version + 1,
        title=framework.title,
        description=framework.description,
        default_scale=framework.default_scale,
        previous_version=framework,
    )
    _create_content(copy, framework_as_parsed(framework).modules)
    return copy


def _module_in(framework: Framework, module: Module) -> Module:
    if module.framework_id == framework.pk:
        return module
    return framework.modules.get(key=module.key)


def _principle_in(framework: Framework, principle: Principle) -> Principle:
    if principle.module.framework_id == framework.pk:
        return principle
    return Principle.objects.get(
        module__framework=framework, module__key=principle.module.key, key=principle.key
    )


def _proof_point_in(framework: Framework, proof_point: ProofPoint) -> ProofPoint:
    if proof_point.module.framework_id == framework.pk:
        return proof_point
    return ProofPoint.objects.get(
        module__framework=framework,
        module__key=proof_point.module.key,
        principle__key=proof_point.principle.key,
        key=proof_point.key,
    )


def _new_key(wanted: str, title: str, taken: set[str]) -> str:
    """`wanted` if free, or a key made from the title when `wanted` is blank."""
    if wanted:
        if wanted in taken:
            raise FrameworkEditError(_("The key “%(key)s” is already used here.") % {"key": wanted})
        return wanted
    base = slugify(title)[: KEY_MAX_LENGTH - 4].strip("-") or "item"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _next_position(queryset) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


# Edits


@transaction.atomic
def do_edit_framework(framework: Framework, *, title: str, description: str) -> Framework:
    target = _editable(framework)
    target.title, target.description = title, description
    target.save(update_fields=["title", "description"])
    return target


@transaction.atomic
def do_add_module(framework: Framework, *, key: str, title: str, description: str = "") -> Module:
    target = _editable(framework)
    taken = set(target.modules.values_list("key", flat=True))
    return Module.objects.create(
        framework=target,
        key=_new_key(key, title, taken),
        title=title,
        description=description,
        position=_next_position(target.modules.all()),
    )


@transaction.atomic
def do_edit_module(module: Module, *, title: str, description: str) -> Module:
    target = _module_in(_editable(module.framework), module)
    target.title, target.description = title, description
    target.save(update_fields=["title", "description"])
    return target


@transaction.atomic
def do_remove_module(module: Module) -> Framework:
    framework = _editable(module.framework)
    if framework.modules.count() <= 1:
        raise FrameworkEditError(
            _("A framework needs at least one module: add another before removing this one.")
        )
    _module_in(framework, module).delete()
    return framework


@transaction.atomic
def do_add_principle(module: Module, *, key: str, title: str, description: str = "") -> Principle:
    target = _module_in(_editable(module.framework), module)
    taken = set(target.principles.values_list("key", flat=True))
    return Principle.objects.create(
        module=target,
        key=_new_key(key, title, taken),
        title=title,
        description=description,
        position=_next_position(target.principles.all()),
    )


@transaction.atomic
def do_edit_principle(principle: Principle, *, title: str, description: str) -> Principle:
    target = _principle_in(_editable(principle.module.framework), principle)
    target.title, target.description = title, description
    target.save(update_fields=["title", "description"])
    return target


@transaction.atomic
def do_remove_principle(principle: Principle) -> Framework:
    framework = _editable(principle.module.framework)
    target = _principle_in(framework, principle)
    if target.module.principles.count() <= 1:
        raise FrameworkEditError(
            _("A module needs at least one principle: add another before removing this one.")
        )
    target.delete()
    return framework


@transaction.atomic
def do_add_proof_point(
    principle: Principle, *, key: str, text: str, guidance: str = ""
) -> ProofPoint:
    target = _principle_in(_editable(principle.module.framework), principle)
    taken = set(target.proof_points.values_list("key", flat=True))
    return ProofPoint.objects.create(
        principle=target,
        module=target.module,
        key=_new_key(key, text[:60], taken),
        text=text,
        guidance=guidance,
        position=_next_position(target.proof_points.all()),
    )


@transaction.atomic
def do_edit_proof_point(proof_point: ProofPoint, *, text: str, guidance: str) -> ProofPoint:
    target = _proof_point_in(_editable(proof_point.module.framework), proof_point)
    target.text, target.guidance = text, guidance
    target.save(update_fields=["text", "guidance"])
    return target


@transaction.atomic
def do_remove_proof_point(proof_point: ProofPoint) -> Framework:
    framework = _editable(proof_point.module.framework)
    target = _proof_point_in(framework, proof_point)
    if target.principle.proof_points.count() <= 1:
        raise FrameworkEditError(
            _("A principle needs at least one proof point: add another before removing this one.")
        )
    target.delete()
    return framework
