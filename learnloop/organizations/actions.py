"""Every write to organizations, memberships, groups and people."""

from django.db import transaction
from django.utils.text import slugify

from learnloop.accounts.models import User
from learnloop.organizations.models import Membership, Organization, Role


def unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "organization"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def do_create_organization(name: str, owner: User) -> Organization:
    organization = Organization.objects.create(name=name.strip(), slug=unique_slug(name))
    Membership.objects.create(user=owner, organization=organization, role=Role.OWNER)
    return organization
