"""Who may see or change which framework. Every framework page fetches through these."""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from learnloop.accounts.models import User
from learnloop.frameworks.models import Framework, Module, Principle, ProofPoint
from learnloop.organizations.access import Need, access_organization
from learnloop.organizations.models import Membership


def access_framework(
    user: User | AnonymousUser, slug: str, key: str, version: int, need: str = Need.VIEW
) -> tuple[Framework, Membership]:
    """One version of a framework of the organization, or 404 for outsiders and missing roles."""
    organization, membership = access_organization(user, slug, need)
    framework = get_object_or_404(
        Framework.objects.select_related("organization", "default_scale"),
        organization=organization,
        key=key,
        version=version,
    )
    return framework, membership


def get_module(framework: Framework, module_key: str) -> Module:
    return get_object_or_404(
        Module.objects.select_related("framework"), framework=framework, key=module_key
    )


def get_principle(module: Module, principle_key: str) -> Principle:
    return get_object_or_404(
        Principle.objects.select_related("module__framework"), module=module, key=principle_key
    )


def get_proof_point(principle: Principle, proof_point_key: str) -> ProofPoint:
    return get_object_or_404(
        ProofPoint.objects.select_related("module__framework", "principle"),
        principle=principle,
        key=proof_point_key,
    )
