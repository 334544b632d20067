"""Chinese wording of the rule models' finding details, for the schools' correction workbooks.

The dq models write short English details ("outcome passed but hours blank"); a school reads
Chinese. Each known pattern is rewritten here; text no pattern matches is kept as it is after
the rule's Chinese title, so nothing is lost when a model adds a new wording.
"""

from __future__ import annotations

import re

_NUM = r"(-?[\d.,]+)"
_WORD = r"([^\s;()（）]+)"
CODES_ZH = {
    "passed": "合格",
    "excellent": "优秀",
    "failed": "不合格",
    "no_show": "未参训",
    "dismissed": "劝退",
    "blank": "空",
    "ambiguous": "多人匹配",
    "unmatched": "无匹配",
    "ID_INVALID": "身份证号无效",
    "ID_EXCEL_DAMAGED": "身份证号被Excel损坏",
    "ID_MISSING": "身份证号缺失",
    "HOURS_NEGATIVE": "学时为负数",
    "HOURS_INVALID": "学时无效",
    "DATE_INVALID": "日期无效",
    "AMOUNT_INVALID": "金额无效",
    "VALUE_NOT_IN_VOCABULARY": "取值不在允许范围",
    "REQUIRED_MISSING": "必填项为空",
}


def _code(value: str) -> str:
    return ",".join(CODES_ZH.get(v, v) for v in value.split(","))


PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^quarantined at ingest: " + _WORD + "$"), "该行导入时已隔离，未计入统计（{0!c}）"),
    (re.compile(r"^no training record in (\d{4})$"), "{0}年无培训记录"),
    (re.compile(r"^outcome " + _WORD + " but hours " + _WORD + "$"), "考核结果{0!c}，但学时为{1!c}"),
    (re.compile(r"^valid ID number on no roster$"), "身份证号有效，但不在任何学校花名册中"),
    (
        re.compile(r"^masked ID " + _WORD + r" \((\d+) roster candidates\)$"),
        "脱敏身份证号{0!c}（花名册中候选{1}人）",
    ),
    (re.compile(r"^planned hours " + _WORD + "$"), "计划学时为{0!c}"),
    (re.compile(r"^" + _NUM + " enrolled, " + _NUM + " planned seats$"), "报名{0}人，计划{1}人"),
    (re.compile(r"^" + _NUM + " sent, " + _NUM + " allocated$"), "实派{0}人，分配名额{1}人"),
    (
        re.compile(r"^training spend " + _NUM + " yuan < required " + _NUM + "$"),
        "培训支出{0}元，低于应达{1}元",
    ),
    (
        re.compile(r"^county training (?:spend|budget) " + _NUM + "% of payroll < " + _NUM + "%$"),
        "县区培训经费占工资总额{0}%，低于{1}%",
    ),
    (
        re.compile(r"^国培 enrolment number (\d+) in the cycle starting (\d{4}) \(limit (\d+)\)$"),
        "本周期（{1}年起）第{0}次参加国培，上限{2}次",
    ),
    (
        re.compile(r"^hours " + _NUM + r" in (\d+) day\(s\), more than " + _NUM + " a day$"),
        "{1}天内登记{0}学时，超过每天{2}学时",
    ),
    (re.compile(r"^hours " + _NUM + " > planned " + _NUM + "$"), "登记学时{0}，超过计划学时{1}"),
    (
        re.compile(
            r"^" + _NUM + r" counted hours in the year before the project started "
            r"\(annual guideline " + _NUM + r"\)$"
        ),
        "项目开始前一年已计入{0}学时（年度要求{1}学时），不宜重复参训",
    ),
    (
        re.compile(
            r"^国培 list: " + _WORD + " h " + _WORD + "; provincial export: " + _WORD + " h "
            + _WORD + "$"
        ),
        "国培名单：{0!c}学时、{1!c}；省平台：{2!c}学时、{3!c}",
    ),
    (
        re.compile(r"^(\d+) session\(s\) with present marks but no hours in the 学时 row$"),
        "{0}次活动有签到但“学时”行为空",
    ),
    (re.compile(r"^enrolled while banned after " + _WORD + "$"), "在{0}项目后的禁训期内再次参加国培"),
    (re.compile(r"^not reported \(报到=否\) but outcome " + _WORD + "$"), "未报到，但考核结果为{0!c}"),
    (
        re.compile(r"^rural-only project, school not rural; stage " + _WORD + " not targeted$"),
        "项目仅面向乡村学校，本校不是乡村学校；学段{0!c}不在项目范围",
    ),
    (re.compile(r"^rural-only project, school not rural$"), "项目仅面向乡村学校，本校不是乡村学校"),
    (re.compile(r"^stage " + _WORD + " not targeted by the project$"), "学段{0!c}不在项目范围"),
    (
        re.compile(r"^amounts about 10,000x away from the median of the sheet's schools"),
        "金额与同表其他学校中位数相差约1万倍（元与万元混用？）",
    ),
    (
        re.compile(r"^training spend more than " + _NUM + "x the public-funds budget"),
        "培训支出超过公用经费预算的{0}倍（元与万元混用？）",
    ),
]


def _render(template: str, groups: tuple[str, ...]) -> str:
    """str.format with one conversion of our own: {n!c} translates a vocabulary code."""
    parts = re.split(r"\{(\d+)(!c)?\}", template)
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 0:
            out.append(part)
        elif i % 3 == 1:
            value = groups[int(part)]
            out.append(_code(value) if parts[i + 1] else value)
    return "".join(out)


def detail_zh(detail: str | None) -> str:
    """The detail in Chinese when its pattern is known, else unchanged ('' for None)."""
    if not detail:
        return ""
    for pattern, template in PATTERNS:
        match = pattern.match(detail)
        if match:
            return _render(template, match.groups())
    return detail


def problem_zh(title_zh: str, detail: str | None) -> str:
    """What the 问题说明 cell says: the rule's Chinese title, then the row's detail."""
    text = detail_zh(detail)
    return f"{title_zh}：{text}" if text else title_zh
