"""Highlighted spans of a comment: offsets between the stored text and the page, and the
pieces a comment is drawn in so that each coded span can be marked. No Django.

Browsers turn the line breaks "\\r\\n" and "\\r" of a comment into "\\n" when they read a
page, so the offsets a browser measures in the text it shows are offsets into the comment
with line breaks normalized. `stored_offsets` turns them back into offsets into the comment
as stored, which is what a CodeApplication keeps.
"""

import itertools
from dataclasses import dataclass, field


def shown_text(comment: str) -> str:
    """The comment as a browser reads it from the page."""
    return comment.replace("\r\n", "\n").replace("\r", "\n")


def _shown_to_stored(comment: str) -> list[int]:
    """For each offset into the shown text (0..len inclusive), the offset into the stored one."""
    positions = []
    i = 0
    while i < len(comment):
        positions.append(i)
        i += 2 if comment.startswith("\r\n", i) else 1
    positions.append(len(comment))
    return positions


def stored_offsets(comment: str, start: int, end: int) -> tuple[int, int]:
    """Offsets measured in the shown text as offsets into the stored comment.

    Offsets outside the shown text are returned unchanged beyond its end, so that the
    action's check refuses them with the comment's real length.
    """
    positions = _shown_to_stored(comment)
    last = len(positions) - 1

    def convert(offset: int) -> int:
        if offset < 0:
            return offset
        if offset > last:
            return len(comment) + (offset - last)
        return positions[offset]

    return convert(start), convert(end)


@dataclass
class Piece:
    """A run of the comment's text and the codes of the spans that cover it."""

    text: str
    codes: list[str] = field(default_factory=list)
    colors: list[str] = field(default_factory=list)


def pieces(comment: str, spans: list[tuple[int, int, str, str]]) -> list[Piece]:
    """The comment cut at every span boundary; each piece lists the codes covering it.

    `spans` holds (start, end, code name, colour) with offsets into the stored comment;
    spans that no longer fit the comment (it was edited since) are left out of the marks.
    """
    fitting = [s for s in spans if 0 <= s[0] < s[1] <= len(comment)]
    cuts = sorted({0, len(comment), *(s[0] for s in fitting), *(s[1] for s in fitting)})
    result = []
    for left, right in itertools.pairwise(cuts):
        covering = [s for s in fitting if s[0] <= left and right <= s[1]]
        result.append(
            Piece(
                text=comment[left:right],
                codes=[s[2] for s in covering],
                colors=[s[3] for s in covering],
            )
        )
    return result
