"""Template helpers of the coding pages, and the codes section of the report's drill-down."""

from typing import Any

from django import template

from learnloop.analysis import queries

register = template.Library()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    """mapping[key], or None: for dictionaries keyed by ids."""
    return mapping.get(key) if mapping else None


@register.inclusion_tag("analysis/_comment_codes.html", takes_context=True)
def comment_codes(context: template.Context) -> dict[str, Any]:
    """The comments of the drill-down's proof point with their codes, codable in place.

    Reads the report view's context (session, audience, page.id), so the report's view needs
    no change; `queries.drilldown_codes` computes the rest in a fixed number of queries.
    """
    session, audience, page = context["session"], context["audience"], context["page"]
    request = context["request"]
    data = queries.drilldown_codes(session, page["id"], audience)
    for card in data["cards"]:
        card.next_url = request.get_full_path()
    return {
        **data,
        "keyed_codes": data["codes"][: queries.KEYED_CODES],
        "session": session,
        "organization": session.organization,
        "csrf_token": context.get("csrf_token"),
        "request": request,
        "proof_point_id": page["id"],
        "audience": audience,
    }
