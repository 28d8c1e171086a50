"""A small line of a share across rounds, as inline SVG drawn on the server. Django-free.

The page always shows the same values in a table beside it; the SVG's ``<title>`` and
``<desc>`` carry them for screen readers too.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

LINE = "#1f5fbf"


def sparkline(
    values: Sequence[float | None],
    *,
    title: str,
    description: str,
    width: int = 120,
    height: int = 32,
) -> str:
    """A line through ``values`` (shares between 0 and 1, one per round, oldest first).

    None (a round with too few answers, or one that did not ask) breaks the line; a value
    between two gaps is drawn as a dot. The vertical axis is fixed from 0% to 100% so lines of
    different rows can be compared.
    """
    pad = 3
    count = len(values)
    step = (width - 2 * pad) / (count - 1) if count > 1 else 0.0

    def point(index: int, value: float) -> tuple[float, float]:
        x = pad + index * step if count > 1 else width / 2
        y = pad + (1 - min(max(value, 0.0), 1.0)) * (height - 2 * pad)
        return x, y

    parts = [
        f'<svg class="sparkline" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#d5dae3" stroke-width="1"/>',
    ]
    segment: list[tuple[float, float]] = []
    for index, value in enumerate([*values, None]):
        if value is not None:
            segment.append(point(index, value))
            continue
        if len(segment) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>'
            )
        parts.extend(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{LINE}"/>' for x, y in segment
        )
        segment = []
    parts.append("</svg>")
    return "".join(parts)
