"""Landing-folder paths and the header rows of each export (docs/data_contract.md)."""

from __future__ import annotations

PROVINCIAL_HEADER = [
    "序号",
    "*姓名",
    "*身份证号",
    "工作单位",
    "县区",
    "学段",
    "学科",
    "项目编号",
    "项目名称",
    "培训级别",
    "培训形式",
    "*开始日期\n(yyyy-MM-dd)",
    "*结束日期\n(yyyy-MM-dd)",
    "登记学时",
    "实践学时",
    "考核结果",
    "审核状态",
]
PLATFORM_HEADER = [
    "姓名",
    "证件号码",
    "单位",
    "课程名称",
    "项目编号",
    "学习时长(分钟)",
    "完成状态",
    "最后学习时间",
]
GUOPEI_HEADER = [
    "序号",
    "学员姓名",
    "身份证号码",
    "学校名称",
    "县区",
    "学段",
    "学科",
    "项目编号",
    "是否报到",
    "结业情况",
    "培训学时",
]
ROSTER_HEADER = [
    "序号",
    "教师姓名",
    "身份证件号",
    "性别",
    "出生日期",
    "学段",
    "学科",
    "职称",
    "联系电话",
    "学校代码",
    "学校名称",
    "县区",
    "城乡类型",
]
SIGNIN_FIXED = ["序号", "姓名", "身份证号"]
PLAN_HEADER = [
    "项目编号",
    "项目名称",
    "培训级别",
    "培训形式",
    "承训机构",
    "开始日期",
    "结束日期",
    "学时",
    "实践学时",
    "计划人数",
    "培训对象学段",
    "限乡村教师",
    "项目经费(万元)",
]
ALLOC_HEADER = ["项目编号", "项目名称", "学校代码", "学校名称", "分配名额"]
FUNDING_ITEMS = ["差旅费", "伙食补助费", "资料费", "住宿费", "培训费"]


def funding_header(unit: str) -> list[str]:
    return [
        "学校代码",
        "学校名称",
        "县区",
        f"公用经费预算总额({unit})",
        f"教职工工资总额({unit})",
        f"培训经费支出合计({unit})",
        *FUNDING_ITEMS,
    ]


def provincial_path(year: int, county: str | None) -> str:
    if county is None:
        return f"provincial/省平台学时导出_{year}.xlsx"
    return f"provincial/{county}_省平台学时导出_{year}.xlsx"


def platform_path(year: int) -> str:
    return f"platform/网络研修学习记录_{year}.csv"


def guopei_path(code: str) -> str:
    return f"guopei/国培_{code}_学员名单.xlsx"


def roster_path(school_code: str) -> str:
    return f"schools/{school_code}/教师花名册.xlsx"


def signin_path(school_code: str, year: int) -> str:
    return f"schools/{school_code}/校本研修签到_{year}.xlsx"


def funding_path(county: str, year: int) -> str:
    return f"funding/{county}_{year}年学校培训经费.xlsx"


def plan_path(year: int) -> str:
    return f"plan/{year}年度培训计划.xlsx"


def alloc_path(year: int) -> str:
    return f"plan/{year}年名额分配.xlsx"
