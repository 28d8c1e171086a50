"""What a report is made from: the input every renderer and the web pages share. Django-free.

The reports app (from the database) and ``learnloop report`` (from a CSV or XLSX file) both
fill a :class:`ReportInput`; :func:`build_report` turns it into the report document of
docs/report-json.md with the privacy rules applied, and the renderers (HTML, PDF, XLSX, CSV,
JSON) draw only from that document and from :func:`visible_answers`, so every one of them
obeys the same anonymity mode and minimum group size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from learnloop.analytics import Thresholds

ANONYMITY_MODES = ("named", "confidential", "anonymous")


@dataclass(frozen=True)
class ProofPointInfo:
    """One proof point, in framework order.

    ``key`` is stable across versions: "module.principle.proof_point" (the framework keys).
    ``module`` and ``principle`` are display titles, ``text`` the proof point's wording.
    """

    key: str
    module: str
    principle: str
    text: str
    module_key: str
    principle_key: str


@dataclass(frozen=True)
class Respondent:
    """One person who answered. ``label`` is the name in named mode, else a pseudonym
    ("Respondent 7"); ``group`` indexes ``ReportInput.groups`` (None: no group)."""

    label: str
    group: int | None


@dataclass(frozen=True)
class AnswerRow:
    """One answer: indexes into ``respondents`` and ``proof_points``.

    ``code`` is 1..K for a level, 0 or below for a non-ordinal answer (0 = don't know), None
    when the respondent left only a comment.
    """

    respondent: int
    proof_point: int
    code: int | None
    comment: str


@dataclass
class ReportInput:
    """Everything a report needs.

    ``counts[p, g, 0]`` counts don't know and every other non-ordinal answer for proof point
    ``p`` and group ``g``; ``counts[p, g, 1..K]`` count the levels, lowest first. Respondents
    without a group are not in ``counts`` by group: give them a group of their own or leave
    them out; ``counts_without_group`` (shape (P, K + 1)) adds their answers to the
    all-respondents figures. ``respondents`` and ``answers`` are optional; without them the
    side-by-side view, comments and conversation-starter comments are empty, and group sizes
    are taken as the largest number of answers the group gave to one proof point.
    ``answers`` may be a generator: it is read once, by the renderer that needs it.
    """

    title: str
    levels: list[str]
    non_ordinal: dict[int, str]
    proof_points: list[ProofPointInfo]
    groups: list[str]
    counts: npt.NDArray[np.int64]
    anonymity: str
    min_group_size: int = 3
    # None: SPEC's defaults with the met and low levels placed on this scale (for_scale).
    thresholds: Thresholds = None  # type: ignore[assignment]
    respondents: list[Respondent] = field(default_factory=list)
    answers: Iterable[AnswerRow] = ()
    generated_at: datetime | None = None
    counts_without_group: npt.NDArray[np.int64] | None = None
    group_sizes: list[int] | None = None  # respondents per group who gave at least one answer
    # How many respondents there are when ``respondents`` does not list them (a summary that
    # shows none needs only their number): the document's respondent count and privacy facts
    # are then the same as with the list. None: the length of ``respondents``.
    respondent_count: int | None = None
    # The document of a page that shows only the summary (proof points, groups' cells, the
    # largest gap of each proof point, roll-ups): the pairwise group gaps, Kruskal-Wallis,
    # Krippendorff's alpha and the conversation starters are left out (empty or None), and the
    # tests behind them are never run.
    summary_only: bool = False
    # Translates the report's own sentences (messages marked in learnloop/lib/report/text.py);
    # the web pages pass Django's gettext, the report command keeps English.
    translate: Callable[[str], str] = field(default=str, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.anonymity not in ANONYMITY_MODES:
            raise ValueError(f"Unknown anonymity mode {self.anonymity!r}.")
        if len(self.levels) < 2:
            raise ValueError("A scale needs at least two levels.")
        if self.min_group_size < 1:
            raise ValueError("The minimum group size must be at least 1.")
        if self.thresholds is None:
            self.thresholds = Thresholds.for_scale(len(self.levels))
        self.counts = np.asarray(self.counts, dtype=np.int64)
        expected = (len(self.proof_points), len(self.groups), len(self.levels) + 1)
        if self.counts.shape != expected:
            raise ValueError(
                f"counts has shape {self.counts.shape}; expected (proof points, groups, K + 1) "
                f"= {expected}."
            )
        if self.counts_without_group is not None:
            self.counts_without_group = np.asarray(self.counts_without_group, dtype=np.int64)
            if self.counts_without_group.shape != (expected[0], expected[2]):
                raise ValueError("counts_without_group must have shape (proof points, K + 1).")

    @property
    def scale_size(self) -> int:
        return len(self.levels)


def build_report(data: ReportInput) -> dict[str, Any]:
    """The report document (docs/report-json.md), privacy applied. See document.py."""
    from learnloop.lib.report.document import build_document

    return build_document(data)
