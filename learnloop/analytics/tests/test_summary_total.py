"""summarize(total=...): everybody's column from counts that hold more than the groups."""

from __future__ import annotations

import numpy as np
import pytest

from learnloop.analytics import summarize

GROUPS = np.array(
    [
        [[1, 0, 2, 5, 3, 1], [0, 4, 6, 1, 0, 0]],
        [[2, 1, 1, 2, 6, 4], [1, 0, 1, 3, 5, 2]],
    ]
)
# Two more people in a hidden group answered level 1 on both proof points.
TOTAL = GROUPS.sum(axis=1) + np.array([[0, 2, 0, 0, 0, 0], [0, 2, 0, 0, 0, 0]])


def test_everybody_is_computed_from_the_total_given() -> None:
    report = summarize(GROUPS, levels=5, total=TOTAL)
    alone = summarize(TOTAL[:, None, :], levels=5)
    assert report.overall == alone.overall
    assert report.alpha == alone.alpha
    assert report.overall[0].n == GROUPS[0, :, 1:].sum() + 2


def test_groups_are_unchanged_by_the_total() -> None:
    with_total = summarize(GROUPS, levels=5, total=TOTAL)
    without = summarize(GROUPS, levels=5)
    assert with_total.cells == without.cells
    assert with_total.gaps == without.gaps
    assert with_total.alpha_by_group == without.alpha_by_group
    assert with_total.overall != without.overall


def test_a_total_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="total"):
        summarize(GROUPS, levels=5, total=TOTAL[:1])
