"""The command line of the floor and peer scripts: a file naming the files to read, one a line."""

from __future__ import annotations

import argparse
from pathlib import Path


def paths_from_args(argv: list[str] | None, description: str) -> list[Path]:
    """`FILE_LIST [--root DIR]`: the landing-relative paths in FILE_LIST, under DIR."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("file_list", type=Path, help="a file naming one landing-relative path a line")
    ap.add_argument("--root", type=Path, default=Path("."))
    args = ap.parse_args(argv)
    return [args.root / line for line in args.file_list.read_text().splitlines() if line]
