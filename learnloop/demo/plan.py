"""Who rated what and wrote which comment in the demo, drawn with a fixed seed. No database.

`plan_answers()` walks the proof points in order and, for each, the respondents in a shuffled
order, so that comments are shared out among groups rather than taken by whoever comes first.
`plan_next_round()` does the same for a later round, moving each person's earlier rating as the
proof point's `Change` says.
"""

import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from learnloop.demo.content import BOARD, EXECUTIVE, MANAGERS, STAFF, Weights

COMMENTS_PATH = Path(__file__).resolve().parent / "comments.yaml"
# Written for the second round of the closed session (see cycle.py).
SECOND_ROUND_COMMENTS_PATH = COMMENTS_PATH.with_name("comments_round2.yaml")
BUCKETS = ("high", "mid", "low", "unsure")
VOICES = {
    "board": frozenset({BOARD}),
    "executive": frozenset({EXECUTIVE}),
    "managers": frozenset({MANAGERS}),
    "staff": frozenset({STAFF}),
    "leaders": frozenset({BOARD, EXECUTIVE}),
    "front-line": frozenset({MANAGERS, STAFF}),
}
VOICE_PREFIX = re.compile(r"^\[([a-z-]+)\]\s+")
CODES = (0, 1, 2, 3, 4, 5)
# libyaml's parser when PyYAML was built with it: ten times faster on this file.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# comments.yaml keeps remarks that fit any proof point under module "any", proof point "any".
ANY = "any"


class DemoContentError(ValueError):
    """comments.yaml or content.py is inconsistent; the message names the place."""


@dataclass(frozen=True)
class Comment:
    text: str
    groups: frozenset[str] | None  # None: anyone may write it

    def fits(self, group: str) -> bool:
        return self.groups is None or group in self.groups


@dataclass(frozen=True)
class Respondent:
    name: str
    group: str
    # How many proof points they have answered so far; None: all of them.
    answered: int | None = None


@dataclass(frozen=True)
class PlannedAnswer:
    person: str
    module: str
    proof_point: str
    code: int
    comment: str


Comments = dict[tuple[str, str, str], list[Comment]]


def bucket(code: int) -> str:
    """The kind of rating a comment goes with: high (4-5), mid (3), low (1-2), unsure (0)."""
    if code == 0:
        return "unsure"
    return "low" if code <= 2 else "mid" if code == 3 else "high"


def parse_comment(raw: str, where: str) -> Comment:
    match = VOICE_PREFIX.match(raw)
    if not match:
        return Comment(raw.strip(), None)
    voice = match.group(1)
    if voice not in VOICES:
        raise DemoContentError(f"{where}: unknown voice [{voice}]; use one of {sorted(VOICES)}")
    return Comment(raw[match.end() :].strip(), VOICES[voice])


@cache
def load_comments(path: Path = COMMENTS_PATH) -> Comments:
    """{(module, proof point, bucket): [Comment, ...]} from the YAML file.

    Cached: treat the result as read-only (plan_answers copies what it uses up).
    """
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)  # noqa: S506
    result: Comments = {}
    for module, proof_points in data.items():
        for proof_point, buckets in proof_points.items():
            for name, texts in buckets.items():
                where = f"{path.name}: {module}.{proof_point}.{name}"
                if name not in BUCKETS:
                    raise DemoContentError(f"{where}: unknown rating kind; use one of {BUCKETS}")
                result[(module, proof_point, name)] = [
                    parse_comment(text, f"{where}[{i}]") for i, text in enumerate(texts)
                ]
    return result


def _take_comment(pool: list[Comment], group: str) -> str:
    for i, comment in enumerate(pool):
        if comment.fits(group):
            return pool.pop(i).text
    return ""


def _shuffled_pools(comments: Comments, rng: random.Random) -> dict[tuple[str, str, str], list]:
    pools = {key: list(texts) for key, texts in comments.items()}
    for texts in pools.values():
        rng.shuffle(texts)
    return pools


def _draw_comment(
    pools: dict[tuple[str, str, str], list[Comment]],
    where: tuple[str, str],
    code: int,
    group: str,
    comment_rate: float,
    rng: random.Random,
) -> str:
    """A comment for this rating, with `comment_rate` chance, while an unused one fits."""
    if rng.random() >= comment_rate:
        return ""
    kind = bucket(code)
    return _take_comment(pools.get((*where, kind), []), group) or _take_comment(
        pools.get((ANY, ANY, kind), []), group
    )


def plan_answers(
    profiles: dict[str, dict[str, dict[str, Weights]]],
    respondents: list[Respondent],
    comments: Comments,
    comment_rate: float,
    rng: random.Random,
) -> list[PlannedAnswer]:
    """Every respondent's rating of every proof point (up to how far they got), with comments.

    Each comment in `comments` is used at most once; the lists are copied, not consumed.
    """
    pools = _shuffled_pools(comments, rng)
    answers = []
    position = 0
    for module, proof_points in profiles.items():
        for proof_point, by_group in proof_points.items():
            order = list(respondents)
            rng.shuffle(order)
            for respondent in order:
                if respondent.answered is not None and position >= respondent.answered:
                    continue
                code = rng.choices(CODES, weights=by_group[respondent.group])[0]
                comment = _draw_comment(
                    pools, (module, proof_point), code, respondent.group, comment_rate, rng
                )
                answers.append(PlannedAnswer(respondent.name, module, proof_point, code, comment))
            position += 1
    return answers


# ---------------------------------------------------------------------------------------------
# A later round: the same people rate again, and their ratings move


@dataclass(frozen=True)
class Change:
    """How a proof point's ratings move from one round to the next.

    Each rating moves one level in `direction` (+1 better, -1 worse) with its group's `chance`,
    two levels for `further` of those; the others drift half as much as on a steady proof
    point. Someone who said "don't know" gives a rating with `now_know`.
    """

    direction: int
    chance: dict[str, float]
    further: float = 0.25
    now_know: float = 0.0


# On a steady proof point: the chance that a rating moves one level (either way, equally), that
# a "don't know" becomes a rating, and that a rating becomes "don't know".
DRIFT = 0.2
LEARN = 0.1
FORGET = 0.02


def next_code(code: int, change: Change | None, group: str, rng: random.Random) -> int:
    """A person's rating in the next round, given theirs in this one."""
    if code == 0:
        if rng.random() >= (change.now_know if change else LEARN):
            return 0
        if change is None:
            return rng.choice((2, 3, 4))
        return rng.choice((3, 4)) if change.direction > 0 else rng.choice((1, 2))
    if rng.random() < FORGET:
        return 0
    step = 0
    if change is not None and rng.random() < change.chance.get(group, 0.0):
        step = change.direction * (2 if rng.random() < change.further else 1)
    elif rng.random() < (DRIFT if change is None else DRIFT / 2):
        step = rng.choice((-1, 1))
    return min(5, max(1, code + step))


def plan_next_round(
    earlier: list[PlannedAnswer],
    changes: dict[tuple[str, str], Change],
    group_of: dict[str, str],
    left: frozenset[str],
    comments: Comments,
    comment_rate: float,
    rng: random.Random,
) -> list[PlannedAnswer]:
    """The next round's answers: everyone in `earlier` except those who `left` rates every
    proof point they rated before, each rating moved by `next_code`, with new comments."""
    pools = _shuffled_pools(comments, rng)
    by_point: dict[tuple[str, str], list[PlannedAnswer]] = {}
    for answer in earlier:
        by_point.setdefault((answer.module, answer.proof_point), []).append(answer)
    answers = []
    for where, before in by_point.items():
        order = [a for a in before if a.person not in left]
        rng.shuffle(order)
        for answer in order:
            group = group_of[answer.person]
            code = next_code(answer.code, changes.get(where), group, rng)
            comment = _draw_comment(pools, where, code, group, comment_rate, rng)
            answers.append(PlannedAnswer(answer.person, *where, code, comment))
    return answers
