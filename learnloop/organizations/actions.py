"""Every write to organizations, memberships, groups and people."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learnloop.accounts.models import User
from learnloop.lib.people_import import PersonRow
from learnloop.organizations.access import assignable_roles, can_manage_member
from learnloop.organizations.importing import ImportPlan, plan_people_import
from learnloop.organizations.models import Group, Membership, Organization, Person, Role

BATCH_SIZE = 500


class ActionRefused(Exception):
    """A write that would break a rule; the message says why, in the user's words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportRejected(Exception):
    """The import has problems; nothing was saved. The plan lists them row by row."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__(f"{len(plan.problems)} problems")
        self.plan = plan


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    groups_created: list[str]


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


# Groups


def clean_group_name(name: str) -> str:
    return " ".join(name.split())


def group_name_taken(organization: Organization, name: str, exclude: Group | None = None) -> bool:
    others = organization.groups.filter(name__iexact=clean_group_name(name))
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


@transaction.atomic
def do_create_group(organization: Organization, name: str) -> Group:
    name = clean_group_name(name)
    if not name:
        raise ActionRefused(_("A group needs a name."))
    if group_name_taken(organization, name):
        raise ActionRefused(_("There is already a group called %(name)s.") % {"name": name})
    return Group.objects.create(organization=organization, name=name)


@transaction.atomic
def do_rename_group(group: Group, name: str) -> Group:
    name = clean_group_name(name)
    if not name:
        raise ActionRefused(_("A group needs a name."))
    if group_name_taken(group.organization, name, exclude=group):
        raise ActionRefused(_("There is already a group called %(name)s.") % {"name": name})
    group.name = name
    group.save(update_fields=["name"])
    return group


def group_deletion_blocker(group: Group) -> str:
    """Why this group cannot be deleted, or "" when it can."""
    participants = group.participants.all()
    if not participants.exists():
        return ""
    sessions = participants.values("session").distinct().count()
    return ngettext(
        "%(name)s is the reporting group of participants in %(count)s learning session. "
        "Deleting it would take their answers out of the group results, so it cannot be "
        "deleted. You can rename it instead.",
        "%(name)s is the reporting group of participants in %(count)s learning sessions. "
        "Deleting it would take their answers out of the group results, so it cannot be "
        "deleted. You can rename it instead.",
        sessions,
    ) % {"name": group.name, "count": sessions}


@transaction.atomic
def do_delete_group(group: Group) -> None:
    blocker = group_deletion_blocker(group)
    if blocker:
        raise ActionRefused(blocker)
    group.delete()


# People


def clean_email(email: str) -> str:
    return email.strip().lower()


def person_with_email(
    organization: Organization, email: str, exclude: Person | None = None
) -> Person | None:
    if not email:
        return None
    others = organization.people.filter(email__iexact=clean_email(email))
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.first()


def _check_person(organization: Organization, name: str, email: str, exclude=None) -> None:
    if not name:
        raise ActionRefused(_("A person needs a name."))
    other = person_with_email(organization, email, exclude)
    if other is not None:
        raise ActionRefused(
            _("%(name)s already uses the email %(email)s in this organization.")
            % {"name": other.name, "email": clean_email(email)}
        )


def _check_groups(organization: Organization, groups: Iterable[Group]) -> list[Group]:
    groups = list(groups)
    if any(group.organization_id != organization.pk for group in groups):
        raise ActionRefused(_("A group of another organization was chosen."))
    return groups


@transaction.atomic
def do_create_person(
    organization: Organization, name: str, email: str = "", groups: Iterable[Group] = ()
) -> Person:
    name, email = " ".join(name.split()), clean_email(email)
    _check_person(organization, name, email)
    groups = _check_groups(organization, groups)
    person = Person.objects.create(organization=organization, name=name, email=email)
    person.groups.set(groups)
    return person


@transaction.atomic
def do_update_person(
    person: Person, name: str, email: str = "", groups: Iterable[Group] = ()
) -> Person:
    name, email = " ".join(name.split()), clean_email(email)
    _check_person(person.organization, name, email, exclude=person)
    groups = _check_groups(person.organization, groups)
    person.name, person.email = name, email
    person.save(update_fields=["name", "email"])
    person.groups.set(groups)
    return person


def person_deletion_blocker(person: Person) -> str:
    """Why this person cannot be deleted, or "" when they can."""
    count = person.participations.count()
    if not count:
        return ""
    return ngettext(
        "%(name)s has taken part in %(count)s learning session. Their ratings and comments "
        "belong to its results, so they cannot be deleted.",
        "%(name)s has taken part in %(count)s learning sessions. Their ratings and comments "
        "belong to their results, so they cannot be deleted.",
        count,
    ) % {"name": person.name, "count": count}


@transaction.atomic
def do_delete_person(person: Person) -> None:
    blocker = person_deletion_blocker(person)
    if blocker:
        raise ActionRefused(blocker)
    try:
        person.delete()
    except ProtectedError as error:  # a participation added since the check above
        raise ActionRefused(person_deletion_blocker(person)) from error


# Import


@transaction.atomic
def do_import_people(
    organization: Organization, rows: list[PersonRow], update_existing: bool = False
) -> ImportSummary:
    """Add (and with update_existing, update) everyone in the rows, or nothing at all."""
    # Lock the organization's row so two imports into it run one after the other.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    plan = plan_people_import(organization, rows, update_existing)
    if not plan.ok:
        raise ImportRejected(plan)
    new_groups = Group.objects.bulk_create(
        [Group(organization=organization, name=name) for name in plan.new_groups],
        batch_size=BATCH_SIZE,
    )
    groups = {g.name.casefold(): g for g in organization.groups.all()}
    people = Person.objects.bulk_create(
        [Person(organization=organization, name=r.name, email=r.email) for r in plan.new_people],
        batch_size=BATCH_SIZE,
    )
    links = [
        Person.groups.through(person_id=person.pk, group_id=groups[name.casefold()].pk)
        for person, row in zip(people, plan.new_people, strict=True)
        for name in row.groups
    ]
    for update in plan.updates:
        person = update.person
        if update.name_changes:
            person.name = update.row.name
            person.save(update_fields=["name"])
        if update.groups_change:
            person.groups.clear()
            links.extend(
                Person.groups.through(person_id=person.pk, group_id=groups[name.casefold()].pk)
                for name in update.new_groups
            )
    Person.groups.through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return ImportSummary(
        created=len(people),
        updated=len(plan.updates),
        unchanged=len(plan.unchanged),
        groups_created=[g.name for g in new_groups],
    )


# Members


def _refuse_unless_allowed(by: Membership, role: str) -> None:
    if Role(role) not in assignable_roles(by):
        raise ActionRefused(_("Only owners can make someone an owner."))


def _other_owners(membership: Membership) -> int:
    owners = Membership.objects.filter(organization_id=membership.organization_id, role=Role.OWNER)
    return owners.exclude(pk=membership.pk).count()


def _lock_owners(organization_id: int) -> None:
    """Take the owners' rows, so two owners cannot demote each other at the same moment."""
    list(
        Membership.objects.select_for_update().filter(
            organization_id=organization_id, role=Role.OWNER
        )
    )


@transaction.atomic
def do_add_member(
    organization: Organization, email: str, role: str, by: Membership, name: str = ""
) -> tuple[Membership, bool]:
    """Give the account with this email a role, creating the account when there is none.

    A new account gets an unusable password; the caller sends the password-set email.
    Returns the membership and whether the account was created.
    """
    _refuse_unless_allowed(by, role)
    email = clean_email(email)
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email=email, password=None, name=name.strip())
    elif Membership.objects.filter(user=user, organization=organization).exists():
        raise ActionRefused(
            _("%(email)s is already a member of this organization.") % {"email": email}
        )
    membership = Membership.objects.create(user=user, organization=organization, role=role)
    # Someone on the people list with this email is this account's person.
    organization.people.filter(email__iexact=email, user__isnull=True).update(user=user)
    return membership, created


@transaction.atomic
def do_change_role(membership: Membership, role: str, by: Membership) -> Membership:
    if not can_manage_member(by, membership):
        raise ActionRefused(_("Only owners can change the role of an owner."))
    _refuse_unless_allowed(by, role)
    _lock_owners(membership.organization_id)
    if membership.is_owner and role != Role.OWNER and not _other_owners(membership):
        raise ActionRefused(
            _(
                "%(email)s is the only owner. Make someone else an owner first, so that the "
                "organization always has one."
            )
            % {"email": membership.user.email}
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def member_removal_blocker(membership: Membership) -> str:
    """Why this membership cannot end, or "" when it can."""
    if membership.is_owner and not _other_owners(membership):
        return _(
            "%(email)s is the only owner and cannot be removed. Make someone else an owner "
            "first, so that the organization always has one."
        ) % {"email": membership.user.email}
    return ""


@transaction.atomic
def do_remove_member(membership: Membership, by: Membership) -> None:
    """End the membership; the account and the organization's people stay."""
    if not can_manage_member(by, membership):
        raise ActionRefused(_("Only owners can remove an owner."))
    _lock_owners(membership.organization_id)
    blocker = member_removal_blocker(membership)
    if blocker:
        raise ActionRefused(blocker)
    membership.delete()
