"""The starter library: frameworks shipped with Learnloop, as YAML files in starter/."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from learnloop.lib.framework_yaml import ParsedFramework, parse_framework

STARTER_DIR = Path(__file__).resolve().parent / "starter"
STARTER_KEYS = ("organizational-performance", "learning-routines", "action-learning-sets")


class UnknownStarterError(LookupError):
    def __init__(self, key: str):
        known = ", ".join(STARTER_KEYS)
        super().__init__(f"there is no starter framework '{key}'; the library has: {known}")


@dataclass(frozen=True)
class Starter:
    key: str
    title: str
    description: str
    module_count: int
    proof_point_count: int


@cache
def load_starter(key: str) -> ParsedFramework:
    if key not in STARTER_KEYS:
        raise UnknownStarterError(key)
    return parse_framework((STARTER_DIR / f"{key}.yaml").read_bytes())


def list_starters() -> list[Starter]:
    result = []
    for key in STARTER_KEYS:
        parsed = load_starter(key)
        result.append(
            Starter(
                key=key,
                title=parsed.title,
                description=parsed.description,
                module_count=len(parsed.modules),
                proof_point_count=parsed.proof_point_count,
            )
        )
    return result
