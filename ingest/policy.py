"""The region policy file (config/policy.yml): where it is and how it is read.

`TT_POLICY` points at a region's own copy; the default is the repository's config/policy.yml
with the DOMAIN.md defaults. Every layer reads policy through `load_policy`, so a region changes
a number in one file and rebuilds.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

DEFAULT_POLICY_PATH = Path(__file__).resolve().parent.parent / "config" / "policy.yml"
REQUIRED_KEYS = (
    "cycle_start_year",
    "cycle_length_years",
    "hours_per_cycle",
    "annual_hours_guideline",
    "as_of_date",
    "counted_outcomes",
    "counted_review_statuses",
    "hours_per_credit",
    "guopei",
    "funding",
)


def policy_path() -> Path:
    return Path(os.environ.get("TT_POLICY") or DEFAULT_POLICY_PATH)


def load_policy(path: Path | str | None = None) -> dict[str, Any]:
    """Read and sanity-check a policy file; the error names the file and the missing keys."""
    source = Path(path) if path else policy_path()
    if not source.is_file():
        raise FileNotFoundError(f"policy file {source} not found (set TT_POLICY or restore config/policy.yml)")
    policy = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    missing = [key for key in REQUIRED_KEYS if key not in policy]
    if missing:
        raise ValueError(f"policy file {source} lacks {', '.join(missing)}; see config/policy.yml for the defaults")
    policy["as_of_date"] = str(policy["as_of_date"])
    return policy
