# Test names are written as their authors write them, with an en dash (Brunner and Munzel).
# ruff: noqa: RUF001
"""The words the comparison and trend pages put beside their numbers (shared with exports)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learnloop.analytics.rounds import RoundCell
from learnloop.reports.pages import CONSENSUS_LABELS, STATUS_LABELS

VERDICTS = {
    "improved": gettext_lazy("Significant improvement"),
    "declined": gettext_lazy("Significant decline"),
    "not_significant": gettext_lazy("No significant change"),
    "untested": gettext_lazy("Not tested: too few answers"),
    "not_compared": gettext_lazy("Too few answers to compare"),
}
TESTS = {
    "sign_test": gettext_lazy("Sign test (paired)"),
    "brunner_munzel": gettext_lazy("Brunner–Munzel test"),
    "permutation": gettext_lazy("Permutation test"),
    "none": gettext_lazy("No test"),
}
EFFECTS = {
    "paired": gettext_lazy("net improvement"),
    "independent": gettext_lazy("Cliff's delta"),
}
MAGNITUDES = {
    "negligible": gettext_lazy("negligible"),
    "small": gettext_lazy("small"),
    "medium": gettext_lazy("medium"),
    "large": gettext_lazy("large"),
}
KINDS = {
    "new": gettext_lazy("New in this version of the framework"),
    "not_asked_before": gettext_lazy("Not asked in the earlier round"),
    "retired": gettext_lazy("Retired: not in this round's version of the framework"),
    "not_asked_now": gettext_lazy("Not asked in this round"),
}
DESIGNS = {
    "paired": gettext_lazy(
        "Paired comparison: mostly the same people answered both rounds, so each person's "
        "rating is compared with their own earlier rating (sign test)."
    ),
    "anonymous": gettext_lazy(
        "Independent comparison: an anonymous round does not know who answered, so the two "
        "rounds are compared as two groups of people (Brunner–Munzel test)."
    ),
    "different_people": gettext_lazy(
        "Independent comparison: fewer than half of the respondents answered both rounds, so "
        "the two rounds are compared as two groups of people (Brunner–Munzel test)."
    ),
}


def median_text(cell: RoundCell, levels: list[str]) -> str:
    """ "Substantially meets", or "between Partially meets and Substantially meets"."""
    if not cell.median:
        return ""
    low = levels[cell.median - 1]
    if cell.median_upper and cell.median_upper != cell.median:
        return _("between %(low)s and %(high)s") % {
            "low": low,
            "high": levels[cell.median_upper - 1],
        }
    return low


def cell_data(cell: RoundCell, levels: list[str]) -> dict[str, Any]:
    """One round's figures for a proof point or module as a page and its JSON show them.

    ``suppressed`` (fewer answers than the round's minimum group size) carries nothing else.
    """
    if not cell.shown:
        return {"suppressed": True}
    status = cell.item_class.value if cell.item_class is not None else None
    return {
        "suppressed": False,
        "counts": list(cell.counts or ()),
        "n": cell.n,
        "dont_know": cell.dont_know,
        "median": cell.median,
        "median_upper": cell.median_upper,
        "median_label": median_text(cell, levels),
        "interpolated_median": cell.interpolated_median,
        "share_met": cell.share_met,
        "leik": cell.leik,
        "consensus": cell.consensus,
        "consensus_text": str(CONSENSUS_LABELS.get(cell.consensus or "", "")),
        "status": status,
        "status_text": str(STATUS_LABELS.get(status or "", "")),
    }
