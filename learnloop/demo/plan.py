"""Who rated what and wrote which comment in the demo, drawn with a fixed seed. No database.

`plan_answers()` walks the proof points in order and, for each, the respondents in a shuffled
order, so that comments are shared out among groups rather than taken by whoever comes first.
"""

import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from learnloop.demo.content import BOARD, EXECUTIVE, MANAGERS, STAFF, Weights

COMMENTS_PATH = Path(__file__).resolve().parent / "comments.yaml"
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
    pools = {key: list(texts) for key, texts in comments.items()}
    for texts in pools.values():
        rng.shuffle(texts)
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
                comment = ""
                if rng.random() < comment_rate:
                    kind = bucket(code)
                    comment = _take_comment(
                        pools.get((module, proof_point, kind), []), respondent.group
                    ) or _take_comment(pools.get((ANY, ANY, kind), []), respondent.group)
                answers.append(PlannedAnswer(respondent.name, module, proof_point, code, comment))
            position += 1
    return answers
