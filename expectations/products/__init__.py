"""What bureau leaders act on: XLSX files and static HTML pages built from the product
marts (early warning for 360 hours, school appraisal scorecard, provider scorecards) and, per
school, its restricted workbook and page (training bulletins and 360-hour warning list). Each
product has its own module; `build_products` writes them all under one folder
(reports/products by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from expectations.products.appraisal import build_school_appraisal
from expectations.products.early_warning import build_early_warning
from expectations.products.providers import build_provider_scorecards
from expectations.products.school_files import build_school_files


def build_products(con: Any, out_dir: Path) -> dict[str, list[Path]]:
    """Write every product's outputs into out_dir; return the written paths per product."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return {
        "early_warning": build_early_warning(con, out_dir),
        "school_appraisal": build_school_appraisal(con, out_dir),
        "provider_scorecards": build_provider_scorecards(con, out_dir),
        "restricted_school_files": build_school_files(con, out_dir),
    }
