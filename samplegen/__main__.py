"""CLI: python -m samplegen --teachers N --seed S --out DIR [--years 2021-2023] [--clean]
[--policy FILE]"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from ingest.policy import PolicyError, load_policy_model
from samplegen.generator import generate


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


def prepare_out_dir(out: Path, replace_sample: bool) -> None:
    """Never mix two samples, and never delete a folder that holds anything but a sample.

    A folder with ground_truth.json is a previous sample: with --replace-sample it is removed
    first (a smaller sample must not leave the bigger one's files behind). A non-empty folder
    without it may hold a bureau's real exports: refuse.
    """
    if not out.exists() or not any(out.iterdir()):
        return
    if not (out / "ground_truth.json").is_file():
        raise SystemExit(
            f"refusing to write a sample into {out}: it is not empty and holds no earlier sample "
            "(ground_truth.json); choose another --out or empty it yourself"
        )
    if not replace_sample:
        raise SystemExit(f"{out} already holds a sample; pass --replace-sample to regenerate it")
    shutil.rmtree(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samplegen", description=__doc__)
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
        "--replace-sample",
        action="store_true",
        help="remove an earlier sample in --out first (a folder without ground_truth.json is never removed)",
    )
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
    ap.add_argument(
        "--policy",
        type=Path,
        default=None,
        help="region policy the plants follow (default: TT_POLICY, else config/policy.yml)",
    )
    args = ap.parse_args(argv)
    try:
        policy = load_policy_model(args.policy)
    except PolicyError as exc:
        raise SystemExit(str(exc)) from None
    split = {"auto": None, "yes": True, "no": False}[args.split_provincial]
    prepare_out_dir(args.out, args.replace_sample)
    t0 = time.perf_counter()
    truth = generate(
        args.out,
        teachers=args.teachers,
        seed=args.seed,
        years=args.years,
        clean=args.clean,
        split_provincial=split,
        workers=args.workers,
        policy=policy,
    )
    print(
        f"sample: wrote {args.out} in {time.perf_counter() - t0:.1f}s "
        f"({len(truth['defects'])} defects in ground_truth.json)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
