"""Who may see or do what in an organization. Every view fetches through these."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from learnloop.accounts.models import User
from learnloop.organizations.models import ROLE_RANK, Membership, Organization, Role


class Need:
    """The least role an action needs."""

    VIEW = Role.VIEWER
    FACILITATE = Role.FACILITATOR
    ADMINISTER = Role.ADMINISTRATOR
    OWN = Role.OWNER


def membership_for(user: User | AnonymousUser, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def has_role(membership: Membership | None, need: str) -> bool:
    return membership is not None and membership.rank >= ROLE_RANK[Role(need)]


def access_organization(
    user: User | AnonymousUser, slug: str, need: str = Need.VIEW
) -> tuple[Organization, Membership]:
    """The organization and the user's membership, or 404 when the user lacks the role.

    Outsiders get 404, not 403, so they cannot learn which organizations exist.
    """
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("organization")
        .filter(user=user, organization__slug=slug)
        .first()
    )
    if membership is None or not has_role(membership, need):
        raise Http404
    return membership.organization, membership


def organizations_for(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def get_for_organization(model, organization: Organization, **lookup):
    """An object of this organization, or 404: a tampered id from another one finds nothing."""
    return get_object_or_404(model, organization=organization, **lookup)


def assignable_roles(acting: Membership) -> list[Role]:
    """The roles this member may give: only owners make owners; administrators the rest."""
    if acting.is_owner:
        return [Role.OWNER, Role.ADMINISTRATOR, Role.FACILITATOR, Role.VIEWER]
    if acting.can_administer:
        return [Role.ADMINISTRATOR, Role.FACILITATOR, Role.VIEWER]
    return []


def can_manage_member(acting: Membership, target: Membership) -> bool:
    """Whether `acting` may change the role of, or remove, `target` (same organization)."""
    if acting.organization_id != target.organization_id or not acting.can_administer:
        return False
    return acting.is_owner or not target.is_owner


def access_member(acting: Membership, membership_id: int) -> Membership:
    """A membership of the acting member's organization that they may manage, or 404."""
    target = get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        organization_id=acting.organization_id,
        pk=membership_id,
    )
    if not can_manage_member(acting, target):
        raise Http404
    return target
