"""The block at the top of the report: is this build published, what to do next, and where
the schools' correction workbooks are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from expectations.publication.sources import FailedFile, failed_files
from expectations.publication.status import status_line
from expectations.suites import SuiteResult
from expectations.workbooks import SUFFIX

WORKBOOK_GLOB = f"*{SUFFIX}"


@dataclass
class StatusView:
    published: bool
    publication: str
    failed: list[FailedFile]
    suites_ok: bool | None  # None: no suite result
    suites_line: str
    workbooks_dir: str | None
    workbooks: int
    next_steps: list[str] = field(default_factory=list)


def _suites_line(
    results: Sequence[SuiteResult] | None, validated_at: dt.datetime | None
) -> tuple[bool | None, str]:
    if results is None:
        return None, "本报告无集市校验结果 No mart suite result for this report."
    passed = sum(1 for r in results if r.status == "pass")
    when = f"，校验于 validated {validated_at:%Y-%m-%d %H:%M} UTC" if validated_at else ""
    return passed == len(results), f"{passed}/{len(results)} 个数据集市通过 marts passed{when}"


def _next_steps(view: StatusView, errors: int, warns: int) -> list[str]:
    steps = []
    if view.failed:
        steps.append(
            "修复或重新提供导入失败的文件，然后重新运行（make run）。Fix or re-deliver the files that "
            "failed to load, then run again: they block the marts they feed."
        )
    if not view.published and not view.failed:
        steps.append(
            "本次构建未发布，分析人员仍看到上一版本；见发布状态中的原因。This build was not "
            "published: analysts still see the earlier version; the line above says why."
        )
    if view.suites_ok is False:
        steps.append(
            "数据集市校验未通过：见「数据集市校验」一节，修正后重新运行。A mart suite failed or "
            "errored: see the mart suites section, fix the model or its input, run again."
        )
    if errors or warns:
        where = view.workbooks_dir or "correction_workbooks/"
        steps.append(
            f"将 {where} 中的整改工作簿分别发给各学校（仅限本校）；收回后用 "
            "python -m ingest corrections <folder> 读回。Send each school its own correction "
            "workbook; read returned ones back with python -m ingest corrections <folder>."
        )
    if errors:
        steps.append(
            f"{errors} 个错误级问题涉及的行已在发布数据中扣除或标记，整改后下次运行自动恢复。Rows "
            f"touched by the {errors} error findings are withheld or flagged in the published "
            "marts until corrected."
        )
    return steps or ["无需操作 Nothing to do: no findings, everything published."]


def status_view(
    con: Any,
    kpis: dict[str, int],
    suite_results: Sequence[SuiteResult] | None,
    validated_at: dt.datetime | None = None,
    workbooks_dir: Path | None = None,
    landing_dir: Path | None = None,
) -> StatusView:
    publication = status_line(con)
    ok, suites = _suites_line(suite_results, validated_at)
    view = StatusView(
        published=publication.startswith("published"),
        publication=publication,
        failed=failed_files(con, landing_dir),
        suites_ok=ok,
        suites_line=suites,
        workbooks_dir=str(workbooks_dir) if workbooks_dir else None,
        workbooks=len(list(Path(workbooks_dir).glob(WORKBOOK_GLOB))) if workbooks_dir else 0,
    )
    view.next_steps = _next_steps(view, kpis["errors"], kpis["warns"])
    return view
