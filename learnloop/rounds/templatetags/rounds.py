"""Template helpers for the comparison and trend pages: share lines and number formats."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from learnloop.rounds.charts import sparkline
from learnloop.rounds.trend import describe_line

register = template.Library()


@register.simple_tag
def share_line(cells: list[dict], rounds: list[dict], title: str) -> str:
    """The share met across rounds as a small SVG line; its <desc> gives every value."""
    values = [
        None if not cell.get("asked") or cell.get("suppressed") else cell["share_met"]
        for cell in cells
    ]
    names = [r["title"] for r in rounds]
    svg = sparkline(
        values,
        title=_("Share met by round: %(title)s") % {"title": title},
        description=describe_line(title, cells, names),
    )
    return mark_safe(svg)  # sparkline escapes every text it writes


@register.simple_tag
def later_rounds(session) -> list:
    """The rounds that repeat this session (of its own organization), oldest first."""
    return list(session.next_rounds.filter(organization_id=session.organization_id).order_by("pk"))


@register.filter
def points(value) -> str:
    """A change of share as percentage points: 0.2 -> "+20 points"; None -> "—"."""
    if value is None:
        return "—"
    number = round(100 * float(value))
    return _("%(n)s points") % {"n": f"{number:+d}"}


@register.filter
def pvalue(value) -> str:
    """The comparison and the number, written after "p" or "q": 0.0123 -> "= 0.012"; below
    0.001 -> "< 0.001" (so the page reads "p < 0.001", never "p = < 0.001"); None -> "= —"."""
    if value is None:
        return "= —"
    if value < 0.001:
        return "< 0.001"
    return f"= {float(value):.3f}"
