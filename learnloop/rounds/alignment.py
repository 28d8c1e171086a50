"""Which proof point of one round is which proof point of another. Django-free.

Rounds on the same framework version share their proof points. Between versions, a mapping
links each proof point of the later version to the one it continues (``later id -> earlier
id``); :func:`match_by_keys` proposes one from the frameworks' stable keys, and an
administrator may correct it (learnloop.rounds.models). :func:`align` lines the rounds of a
chain up into rows, following the mapping between each round and the next, so that no proof
point is ever dropped: one asked in only some rounds keeps its row, empty in the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PointKey:
    """A proof point by its id and the stable keys that identify it across versions."""

    id: int
    module_key: str
    principle_key: str
    key: str


def match_by_keys(earlier: Sequence[PointKey], later: Sequence[PointKey]) -> dict[int, int]:
    """``later id -> earlier id`` for proof points with the same stable keys.

    First the full key (module, principle, proof point: what a new version copies unchanged);
    then, among those still unmatched, module key and proof point key, when that pair names one
    proof point on each side (a proof point moved to another principle of its module). Anything
    else is left unmatched, to be shown as new or retired until an administrator maps it.
    """
    full = {(p.module_key, p.principle_key, p.key): p.id for p in earlier}
    result: dict[int, int] = {}
    for point in later:
        match = full.get((point.module_key, point.principle_key, point.key))
        if match is not None:
            result[point.id] = match
    taken = set(result.values())
    rest_before = [p for p in earlier if p.id not in taken]
    rest_after = [p for p in later if p.id not in result]
    count_before = Counter((p.module_key, p.key) for p in rest_before)
    count_after = Counter((p.module_key, p.key) for p in rest_after)
    loose = {
        (p.module_key, p.key): p.id for p in rest_before if count_before[p.module_key, p.key] == 1
    }
    for point in rest_after:
        pair = (point.module_key, point.key)
        if count_after[pair] == 1 and pair in loose:
            result[point.id] = loose[pair]
    return result


def align(
    rounds: Sequence[Sequence[int]], mappings: Sequence[Mapping[int, int] | None]
) -> list[list[int | None]]:
    """Rows of proof point ids, one column per round (oldest first), for a chain of rounds.

    ``rounds[r]`` lists the proof points round r asked, in the order to show them;
    ``mappings[r]`` links round r + 1's proof points to round r's (``later -> earlier``), or
    is None when both rounds use the same framework version (each proof point is itself).
    Rows follow the newest round's order; a proof point no later round continues gets a row of
    its own after them (the most recent rounds' first, each in its round's order).
    """
    if not rounds:
        return []
    if len(mappings) != len(rounds) - 1:
        raise ValueError("Give one mapping between each round and the next.")
    last = len(rounds) - 1
    rows: list[list[int | None]] = [[None] * last + [pp] for pp in rounds[last]]
    open_rows = dict(zip(rounds[last], rows, strict=True))
    for r in range(last - 1, -1, -1):
        asked = set(rounds[r])
        mapping = mappings[r]
        continued: dict[int, list[int | None]] = {}
        for later_pp, row in open_rows.items():
            earlier_pp = later_pp if mapping is None else mapping.get(later_pp)
            if earlier_pp is not None and earlier_pp in asked and earlier_pp not in continued:
                row[r] = earlier_pp
                continued[earlier_pp] = row
        for pp in rounds[r]:
            if pp not in continued:
                row = [None] * len(rounds)
                row[r] = pp
                rows.append(row)
                continued[pp] = row
        open_rows = continued
    return rows
