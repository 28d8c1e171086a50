"""Template helpers for report pages: server-drawn distribution bars and number formats."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from learnloop.lib.report.charts import distribution_bar, distribution_text

register = template.Library()


@register.simple_tag
def distribution(stats: dict, levels: list[str], title: str = "") -> str:
    """The stacked SVG bar of a cell; its <title>/<desc> carry the counts for screen readers.

    charts.distribution_bar escapes every label it writes.
    """
    counts = None if stats.get("suppressed") else stats.get("counts")
    svg = distribution_bar(
        counts,
        levels,
        title=title or _("Distribution of answers"),
        dont_know=stats.get("dont_know"),
    )
    return mark_safe(svg)  # distribution_bar escapes every text it writes


@register.simple_tag
def distribution_words(stats: dict, levels: list[str]) -> str:
    """The same distribution as a sentence (the bar's text equivalent)."""
    counts = None if stats.get("suppressed") else stats.get("counts")
    return distribution_text(counts, levels, stats.get("dont_know"))


@register.filter
def percent(value) -> str:
    """0.7333 -> "73%"; None -> "—"."""
    if value is None:
        return "—"
    return f"{round(100 * float(value))}%"


@register.filter
def decimal(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{float(value):.{int(digits)}f}"


@register.filter
def signed(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{float(value):+.{int(digits)}f}"
