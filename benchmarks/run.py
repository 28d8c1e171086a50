"""`make bench`: Learnloop's benchmarks, each beside its baseline measured in the same run.

    python benchmarks/run.py [--only NAME] [--duration SECONDS] [--repeat N]

Results are printed as a Markdown table and written to benchmarks/results/<name>.json; the
exit status is 1 when a target is missed. See docs/performance.md for what each one measures
and the figures recorded.
"""

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import autosave, summary, summary_page, themes, xlsx_export  # noqa: E402
from benchmarks.common import machine  # noqa: E402


def repeat_or_default(function: Callable[..., dict]) -> Callable[[argparse.Namespace], dict]:
    def bench(args: argparse.Namespace) -> dict:
        return function(repeat=args.repeat) if args.repeat else function()

    return bench


BENCHMARKS: dict[str, Callable[[argparse.Namespace], dict]] = {
    "autosave": lambda args: autosave.run(duration=args.duration),
    "summary": repeat_or_default(summary.run),
    "summary-10m": repeat_or_default(summary.run_large),
    "summary-page": repeat_or_default(summary_page.run),
    "xlsx-export": repeat_or_default(xlsx_export.run),
    "themes": repeat_or_default(themes.run),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(BENCHMARKS), help="Run one benchmark.")
    parser.add_argument(
        "--duration", type=int, default=10, help="Seconds per load run (default 10)."
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="Timed repetitions of each subject and baseline (default: each benchmark's own).",
    )
    args = parser.parse_args()
    results_dir = ROOT / "benchmarks" / "results"
    results_dir.mkdir(exist_ok=True)
    about = machine()
    print(
        f"Machine: {about['cpus']} cores, {about['cpu_model']}; Python {about['python']}, "
        f"SQLite {about['sqlite']}, {about['postgresql'] or 'PostgreSQL not reachable'}; "
        f"load average {about['load_average']}\n",
        flush=True,
    )
    failed = []
    for name, bench in BENCHMARKS.items():
        if args.only and name != args.only:
            continue
        try:
            result = bench(args)
        except Exception as error:  # noqa: BLE001  (one broken benchmark must not hide the rest)
            result = {
                "passed": False,
                "error": repr(error),
                "markdown": f"### {name}\n\nThe benchmark could not run: {error}",
            }
        result["machine"] = machine()
        (results_dir / f"{name}.json").write_text(json.dumps(result, indent=2, default=str))
        print(result["markdown"] + "\n", flush=True)
        if not result["passed"]:
            failed.append(name)
    if failed:
        print(f"Targets missed or not measured: {', '.join(failed)}.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
