"""How the proof points of one framework version correspond to those of a later version.

Rounds of a learning session on the same framework version compare each proof point with
itself. Rounds on different versions compare through a mapping between the two versions. A
framework version in use is never edited in place, so a mapping between two versions stays true
for every pair of rounds that uses them: it is kept per pair of versions (earlier, later), not
per round, and an administrator reviews it once. Until someone saves one, Learnloop proposes
the mapping that matches stable keys (see learnloop.rounds.alignment) without storing it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.frameworks.models import Framework, ProofPoint
from learnloop.organizations.models import Organization


class ProofPointMapping(models.Model):
    """A reviewed mapping from the proof points of ``earlier`` to those of ``later``.

    A proof point of ``later`` without a link is new in that version; one of ``earlier``
    without a link is retired. Each proof point is linked at most once on each side.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="proof_point_mappings"
    )
    earlier = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="+", verbose_name=_("earlier version")
    )
    later = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="+", verbose_name=_("later version")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="one_mapping_per_versions"),
            models.CheckConstraint(
                condition=~models.Q(earlier=models.F("later")), name="mapping_between_versions"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.earlier} → {self.later}"


class MappedProofPoint(models.Model):
    """One proof point of the later version and the proof point it continues."""

    mapping = models.ForeignKey(ProofPointMapping, on_delete=models.CASCADE, related_name="links")
    earlier = models.ForeignKey(ProofPoint, on_delete=models.CASCADE, related_name="+")
    later = models.ForeignKey(ProofPoint, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mapping", "earlier"], name="earlier_mapped_once"),
            models.UniqueConstraint(fields=["mapping", "later"], name="later_mapped_once"),
        ]

    def __str__(self) -> str:
        return f"{self.earlier_id} → {self.later_id}"
