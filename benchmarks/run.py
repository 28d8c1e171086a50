"""`make bench`: Learnloop's benchmarks, each beside its baseline measured in the same run.

    python benchmarks/run.py [--only NAME] [--duration SECONDS]

Results are printed as a Markdown table and written to benchmarks/results/<name>.json.
See docs/performance.md for what each one measures and the figures recorded.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import autosave  # noqa: E402

BENCHMARKS = {"autosave": autosave.run}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(BENCHMARKS), help="Run one benchmark.")
    parser.add_argument(
        "--duration", type=int, default=10, help="Seconds per load run (default 10)."
    )
    args = parser.parse_args()
    results_dir = ROOT / "benchmarks" / "results"
    results_dir.mkdir(exist_ok=True)
    failed = False
    for name, bench in BENCHMARKS.items():
        if args.only and name != args.only:
            continue
        result = bench(duration=args.duration)
        (results_dir / f"{name}.json").write_text(json.dumps(result, indent=2))
        print(result["markdown"])
        failed = failed or not result["passed"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
