from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMINISTRATOR = "administrator", _("Administrator")
    FACILITATOR = "facilitator", _("Facilitator")
    VIEWER = "viewer", _("Viewer")


# What each role may do, from most to least; access.py compares ranks.
ROLE_RANK = {Role.OWNER: 4, Role.ADMINISTRATOR: 3, Role.FACILITATOR: 2, Role.VIEWER: 1}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.organization}"

    @property
    def rank(self) -> int:
        return ROLE_RANK[Role(self.role)]

    # What the templates ask, so that pages show only the links a member may follow.
    @property
    def can_facilitate(self) -> bool:
        return self.rank >= ROLE_RANK[Role.FACILITATOR]

    @property
    def can_administer(self) -> bool:
        return self.rank >= ROLE_RANK[Role.ADMINISTRATOR]

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


class Group(models.Model):
    """A group people belong to and report in: board, executive team, staff, a unit."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_group_name")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone in the organization; may never have a login."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    groups = models.ManyToManyField(Group, blank=True, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=~Q(email=""),
                name="unique_person_email",
            )
        ]

    def __str__(self) -> str:
        return self.name
