"""Server-drawn SVG charts for reports and web pages. Django-free.

:func:`distribution_bar` draws one stacked bar per distribution (one segment per level, lowest
first, left to right), accessible through its ``<title>`` and ``<desc>`` and a per-segment
tooltip; :func:`distribution_text` is the same information as a sentence, for screen readers,
tables and exports. :func:`level_colours` and :func:`heatmap_colour` give the colours, from a
diverging red-to-blue palette that stays distinguishable with the common colour-vision
deficiencies (ColorBrewer RdBu), with a text colour of sufficient contrast for each.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# ColorBrewer RdBu (5 classes), lowest level red, highest blue; the middle kept light grey.
_ANCHORS = ("#ca0020", "#f4a582", "#e0e0e0", "#92c5de", "#0571b0")
NEUTRAL = "#d9d9d9"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(v):02x}" for v in rgb)


def _mix(position: float) -> str:
    """Colour at ``position`` in [0, 1] along the palette, interpolated in RGB."""
    position = min(max(position, 0.0), 1.0) * (len(_ANCHORS) - 1)
    index = min(int(position), len(_ANCHORS) - 2)
    share = position - index
    a, b = _rgb(_ANCHORS[index]), _rgb(_ANCHORS[index + 1])
    return _hex([x + (y - x) * share for x, y in zip(a, b, strict=True)])


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG relative luminance)."""

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(background))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def level_colours(k: int) -> list[str]:
    """One colour per level of a K-level scale, lowest first."""
    if k < 2:
        return [_ANCHORS[-1]] * k
    return [_mix(i / (k - 1)) for i in range(k)]


def heatmap_colour(value: float | None, k: int) -> tuple[str, str]:
    """(background, text) colours for a value on the 1..K scale, e.g. an interpolated median.

    None (no data, or suppressed) gives a neutral grey.
    """
    if value is None or k < 2:
        return NEUTRAL, "#000000"
    background = _mix((value - 1) / (k - 1))
    return background, text_colour(background)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def distribution_text(
    counts: Sequence[int] | None, levels: Sequence[str], dont_know: int | None = None
) -> str:
    """The distribution as a sentence: "Not started 1 (3%), ..., Fully meets 10 (33%); n = 30"."""
    if counts is None:
        return "Not shown: too few answers."
    n = sum(counts)
    parts = [
        f"{label} {count} ({_percent(count, n)})"
        for label, count in zip(levels, counts, strict=True)
    ]
    text = ", ".join(parts) + f"; n = {n}"
    if dont_know:
        text += f"; don't know {dont_know}"
    return text


def distribution_bar(
    counts: Sequence[int] | None,
    levels: Sequence[str],
    *,
    title: str = "Distribution of answers",
    dont_know: int | None = None,
    width: int = 240,
    height: int = 18,
) -> str:
    """A stacked horizontal bar as inline SVG; one segment per level, lowest on the left.

    The ``<title>`` names the chart and the ``<desc>`` is :func:`distribution_text`, so a
    screen reader announces the counts; each segment carries its own tooltip. An empty or
    suppressed distribution draws an empty outlined bar.
    """
    description = distribution_text(counts, levels, dont_know)
    parts = [
        f'<svg class="distribution" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
    ]
    n = sum(counts) if counts else 0
    if n:
        x = 0.0
        for label, count, colour in zip(
            levels, counts or (), level_colours(len(levels)), strict=True
        ):
            if not count:
                continue
            w = width * count / n
            parts.append(
                f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{height}" fill="{colour}">'
                f"<title>{escape(label)}: {count} ({_percent(count, n)})</title></rect>"
            )
            x += w
    parts.append(
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="none" '
        'stroke="#555555" stroke-width="1"/></svg>'
    )
    return "".join(parts)


def legend(levels: Sequence[str]) -> list[tuple[str, str, str]]:
    """(label, background, text colour) per level, lowest first, for a legend."""
    return [
        (label, colour, text_colour(colour))
        for label, colour in zip(levels, level_colours(len(levels)), strict=True)
    ]
