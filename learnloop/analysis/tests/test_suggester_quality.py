"""Precision and recall of each rule-based suggester on the labelled comments.

Print the figures with:  .venv/bin/python -m learnloop.analysis.tests.test_suggester_quality
(docs/coding.md records them). The floors sit just under what the rules achieve, so that a
change that makes a suggester worse fails here.
"""

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from learnloop.lib.suggest import suggest_misunderstanding, suggest_question, suggest_suggestion

LABELLED = Path(__file__).with_name("labelled_comments.yaml")
KINDS = ("question", "suggestion", "misunderstanding")
# (set, kind): (precision, recall) floors. The held-out figures are the honest ones; the
# development set's are high because the rules were written while reading it.
FLOORS = {
    ("held_out", "question"): (0.85, 0.85),
    ("held_out", "suggestion"): (0.85, 0.6),
    ("held_out", "misunderstanding"): (0.95, 0.3),
    ("development", "question"): (0.95, 0.95),
    ("development", "suggestion"): (0.95, 0.95),
    ("development", "misunderstanding"): (0.95, 0.95),
}


SETS = ("development", "held_out")


def labelled(which: str | None = None) -> list[dict]:
    """The labelled comments of one set, or of both."""
    data = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    return [item for name in SETS if which in (None, name) for item in data[name]]


def suggests(kind: str, item: dict) -> bool:
    if kind == "question":
        return suggest_question(item["text"]) is not None
    if kind == "suggestion":
        return suggest_suggestion(item["text"]) is not None
    return suggest_misunderstanding(item["text"], item["rating"], item["K"]) is not None


@dataclass
class Score:
    kind: str
    true_positives: int
    false_positives: int
    false_negatives: int
    labelled: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0


def score(kind: str, items: list[dict]) -> tuple[Score, list[dict], list[dict]]:
    tp, false_pos, false_neg = 0, [], []
    for item in items:
        wanted, found = kind in item["labels"], suggests(kind, item)
        tp += wanted and found
        if found and not wanted:
            false_pos.append(item)
        if wanted and not found:
            false_neg.append(item)
    return (
        Score(kind, tp, len(false_pos), len(false_neg), tp + len(false_neg)),
        false_pos,
        false_neg,
    )


def test_the_labelled_set_is_large_and_well_formed():
    items = labelled()
    assert len(items) >= 150
    assert len(labelled("held_out")) >= 40
    for item in items:
        assert set(item) == {"text", "rating", "K", "labels"}, item
        assert set(item["labels"]) <= set(KINDS), item
        assert item["rating"] is None or item["rating"] <= item["K"], item
    for kind in KINDS:
        assert sum(kind in item["labels"] for item in items) >= 25, kind


@pytest.mark.parametrize(("which", "kind"), list(FLOORS))
def test_each_suggester_is_precise_and_finds_most(which, kind):
    result, false_pos, false_neg = score(kind, labelled(which))
    precision_floor, recall_floor = FLOORS[which, kind]
    assert result.precision >= precision_floor, [item["text"] for item in false_pos]
    assert result.recall >= recall_floor, [item["text"] for item in false_neg]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> None:
    for which in (*SETS, None):
        report(which or "all", labelled(which))


def report(name: str, items: list[dict]) -> None:
    say(f"\n{name}: {len(items)} labelled comments")
    say(
        f"{'suggester':<18}{'labelled':>9}{'found':>7}{'wrong':>7}{'missed':>8}"
        f"{'precision':>11}{'recall':>8}"
    )
    for kind in KINDS:
        result, false_pos, false_neg = score(kind, items)
        say(
            f"{kind:<18}{result.labelled:>9}{result.true_positives:>7}"
            f"{result.false_positives:>7}{result.false_negatives:>8}"
            f"{result.precision:>11.2f}{result.recall:>8.2f}"
        )
        for item in false_pos:
            say(f"    wrongly suggested: {item['text']}  (rating {item['rating']})")
        for item in false_neg:
            say(f"    missed: {item['text']}  (rating {item['rating']})")


if __name__ == "__main__":
    main()
