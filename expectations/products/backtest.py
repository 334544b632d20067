"""Back-test of the 360-hour early warning: predict year 3 from years 1-2.

    python -m expectations.products.backtest --warehouse W.duckdb --out docs/figures [--year 2023]

W holds the raw tables of several years (e.g. the generator's 2021-2023 sample after
`python -m ingest load`). The script builds mart_teacher_early_warning twice with the region
policy, calendar school years (school_year_start_month 1, like the generator's years) and
as_of_date the last day of year 2, then of year 3 (it rebuilds only the marts upstream of the
early warning, in W). The forecast at the end of year 2 is the one the early warning acts on: a
teacher keeps the pace of years 1-2, so predicted year-3 hours = hours by year 2 / 2. Reported:
mean absolute error and bias of the year-3 hours, how well "will fall short of the annual
guideline in year 3" (pace < annual_hours_guideline) predicted the actual shortfall, and the risk
class at the end of year 2 against the class one year later. Writes <out>/early_warning_backtest.json
and .svg (predicted against actual hours per teacher, and the class transitions).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import duckdb

from expectations.svg import FONT, Bar, hbar_chart
from ingest.policy import load_policy

REPO_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_DIR / "dbt_project" / "scripts"))

from dbt_with_policy import dbt_args  # noqa: E402

SELECT = "+mart_teacher_early_warning"


def build_as_of(warehouse: Path, as_of: str) -> dict[str, tuple[float, str]]:
    """Build the early warning as of `as_of`; {k_teacher: (hours_counted, risk_class)}."""
    from dbt.cli.main import dbtRunner

    policy = load_policy()
    policy.update(as_of_date=as_of, school_year_start_month=1)
    os.environ["TT_WAREHOUSE"] = str(warehouse)
    with tempfile.TemporaryDirectory() as work:
        args = dbt_args(["run", "--select", SELECT], policy) + [
            "--target-path", f"{work}/target", "--log-path", f"{work}/logs", "--quiet",
        ]  # fmt: skip
        result = dbtRunner().invoke(args)
        if not result.success:
            raise SystemExit(f"dbt run failed as of {as_of}: {result.exception}")
    with duckdb.connect(str(warehouse)) as con:
        rows = con.execute(
            "select k_teacher, hours_counted, risk_class from main.mart_teacher_early_warning"
        ).fetchall()
    return {k: (float(h), c) for k, h, c in rows}


def score(before: dict, after: dict, guideline: float) -> dict:
    """The back-test figures from the two builds (teachers present in both)."""
    keys = sorted(set(before) & set(after))
    predicted = [before[k][0] / 2 for k in keys]
    actual = [after[k][0] - before[k][0] for k in keys]
    errors = [p - a for p, a in zip(predicted, actual, strict=True)]
    n = len(keys)
    short_pred = [p < guideline for p in predicted]
    short_act = [a < guideline for a in actual]
    tp = sum(p and a for p, a in zip(short_pred, short_act, strict=True))
    fp = sum(p and not a for p, a in zip(short_pred, short_act, strict=True))
    fn = sum(a and not p for p, a in zip(short_pred, short_act, strict=True))
    agree = sum(p == a for p, a in zip(short_pred, short_act, strict=True))
    transitions = Counter(f"{before[k][1]} -> {after[k][1]}" for k in keys)
    return {
        "teachers": n,
        "mean_actual_year3_hours": sum(actual) / n if n else None,
        "mean_predicted_year3_hours": sum(predicted) / n if n else None,
        "mae_hours": sum(abs(e) for e in errors) / n if n else None,
        "bias_hours": sum(errors) / n if n else None,
        "shortfall_accuracy": agree / n if n else None,
        "shortfall_precision": tp / (tp + fp) if tp + fp else None,
        "shortfall_recall": tp / (tp + fn) if tp + fn else None,
        "class_agreement": sum(before[k][1] == after[k][1] for k in keys) / n if n else None,
        "class_transitions": dict(sorted(transitions.items())),
        "points": list(zip(predicted, actual, strict=True)),
    }


def scatter_svg(points: list[tuple[float, float]], size: int = 360) -> str:
    """Predicted (x) against actual (y) year-3 hours, with the diagonal."""
    top = max([1.0, *(max(p, a) for p, a in points)])
    pad = 40
    plot = size - 2 * pad

    def xy(p: float, a: float) -> tuple[float, float]:
        return pad + plot * p / top, size - pad - plot * a / top

    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#2f6fad" fill-opacity="0.4"/>'
        for x, y in (xy(p, a) for p, a in points)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'font-family="{FONT}" font-size="11">'
        f'<rect x="{pad}" y="{pad}" width="{plot}" height="{plot}" fill="#f8fafc" stroke="#ccc"/>'
        f'<line x1="{pad}" y1="{size - pad}" x2="{size - pad}" y2="{pad}" stroke="#c0392b" '
        'stroke-dasharray="4 3"/>'
        f"{dots}"
        f'<text x="{size / 2}" y="{size - 10}" text-anchor="middle">预测第3年学时 predicted '
        f"(0-{top:.0f})</text>"
        f'<text x="12" y="{size / 2}" transform="rotate(-90 12 {size / 2})" '
        'text-anchor="middle">实际第3年学时 actual</text></svg>'
    )


def figure(result: dict) -> str:
    bars = [Bar(k, v, str(v)) for k, v in result["class_transitions"].items()]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="980" height="400">'
        f"<g>{scatter_svg(result['points'])}</g>"
        f'<g transform="translate(380,20)">{hbar_chart(bars, width=580)}</g></svg>'
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--year", type=int, default=2023, help="year 3 (default 2023)")
    args = parser.parse_args(argv)
    before = build_as_of(args.warehouse, f"{args.year - 1}-12-31")
    after = build_as_of(args.warehouse, f"{args.year}-12-31")
    result = score(before, after, float(load_policy()["annual_hours_guideline"]))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "early_warning_backtest.svg").write_text(figure(result), encoding="utf-8")
    summary = {k: v for k, v in result.items() if k != "points"}
    (args.out / "early_warning_backtest.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
