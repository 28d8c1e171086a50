"""Template helpers of the coding pages."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    """mapping[key], or None: for dictionaries keyed by ids."""
    return mapping.get(key) if mapping else None
