from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.organizations.models import Organization


class RatingScale(models.Model):
    """Ordered levels (codes 1..K, lowest first) plus non-ordinal answers (codes 0, -1, ...).

    Code 0 is always "don't know". A scale used by a learning session is never edited.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="rating_scales"
    )
    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def levels(self) -> list["ScaleChoice"]:
        return [c for c in self.choices.all() if c.code > 0]

    @property
    def non_ordinal(self) -> list["ScaleChoice"]:
        return [c for c in self.choices.all() if c.code <= 0]


class ScaleChoice(models.Model):
    DONT_KNOW = 0

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="choices")
    code = models.SmallIntegerField(
        help_text=_(
            "1..K for ordered levels, lowest first; 0 for don't know; below 0 for other answers"
        )
    )
    label = models.CharField(_("label"), max_length=80)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-code"]
        constraints = [models.UniqueConstraint(fields=["scale", "code"], name="unique_scale_code")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_ordinal(self) -> bool:
        return self.code > 0


class Framework(models.Model):
    """One version of an assessment framework. A version in use is never edited in place."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="frameworks"
    )
    key = models.SlugField(_("key"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    default_scale = models.ForeignKey(
        RatingScale, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous_version = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_versions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key", "version"], name="unique_framework_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Module(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="modules")
    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="unique_module_key")
        ]

    def __str__(self) -> str:
        return self.title


class Principle(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="principles")
    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["module", "key"], name="unique_principle_key")
        ]

    def __str__(self) -> str:
        return self.title


class ProofPoint(models.Model):
    """A statement participants rate. `module` is the principle's module, kept for fast counts."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="proof_points")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="proof_points")
    key = models.SlugField(_("key"), max_length=80)
    text = models.TextField(_("proof point"))
    guidance = models.TextField(_("guidance"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["principle", "key"], name="unique_proof_point_key")
        ]

    def __str__(self) -> str:
        return self.text
