"""CLI: python -m ingest.sample --teachers N --seed S --out DIR [--years 2021-2023] [--clean]"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ingest.sample.generator import generate


def parse_years(text: str) -> list[int]:
    years: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            a, b = (int(x) for x in part.split("-", 1))
            if b < a:
                raise argparse.ArgumentTypeError(f"bad year range {part!r}")
            years.update(range(a, b + 1))
        elif part:
            years.add(int(part))
    if not years:
        raise argparse.ArgumentTypeError("no years given")
    return sorted(years)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.sample", description=__doc__)
    ap.add_argument("--teachers", type=int, default=3000, help="number of teachers (default 3000)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", type=Path, required=True, help="landing folder to write into")
    ap.add_argument(
        "--years",
        type=parse_years,
        default=[2021, 2022, 2023],
        help="years, e.g. 2021-2023 or 2022,2023 (default 2021-2023)",
    )
    ap.add_argument("--clean", action="store_true", help="plant no defects")
    ap.add_argument(
        "--split-provincial",
        choices=["auto", "yes", "no"],
        default="auto",
        help="one provincial export per county per year (auto: only when needed)",
    )
    ap.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes for per-county work when the export is split (default: CPUs, max 4)",
    )
    args = ap.parse_args(argv)
    split = {"auto": None, "yes": True, "no": False}[args.split_provincial]
    t0 = time.perf_counter()
    truth = generate(
        args.out,
        teachers=args.teachers,
        seed=args.seed,
        years=args.years,
        clean=args.clean,
        split_provincial=split,
        workers=args.workers,
    )
    print(
        f"sample: wrote {args.out} in {time.perf_counter() - t0:.1f}s "
        f"({len(truth['defects'])} defects in ground_truth.json)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
