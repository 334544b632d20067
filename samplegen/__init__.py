"""Sample landing-folder generator (docs/data_contract.md section 1) with planted defects.

``python -m samplegen --teachers N --seed S --out DIR [--years 2021-2023] [--clean]`` (also
``python -m ingest.sample``). Parts: ``layout`` (counties, schools, projects), ``paths`` and
``cells`` (file names, headers, the XLSX writer and messy cell formats), ``rates`` and ``plan``
(the defect plan), ``teachers`` (the clean teacher draw), ``county`` and ``teacher_year`` (the
files and records, with the plants), ``lists`` (国培 lists, plans, allocations), ``edges`` (the
real-world edges every county holds), ``generator`` (the run).

Everything is derived from one ``numpy.random.Generator(seed)``: it draws the layout (counties,
schools, projects, defect plan) and one child seed per school; each school's content is drawn
from a ``random.Random(child_seed)`` (fast scalar draws), so the same seed gives the same files.
Generation streams county by county, school by school; only small per-project aggregates and the
国培 trainee rows (a few percent of teacher-years) are kept in memory until the end.

Planted defects (none with ``clean=True``); count = max(1, round(N * rate)), N = teachers:

=====================  =========  ==========================================================
rule                   rate       what is planted
=====================  =========  ==========================================================
ID_EXCEL_DAMAGED       1/500      provincial-export record of a 县培/区培 project (never 国培):
                                  ID as a float cell (6.10502E+17) or as 18-digit text ending
                                  in 000 that fails the checksum (alternating)
ID_INVALID             1/600      provincial-export record (县培/区培): wrong check character,
                                  or an impossible birth date with a recomputed check character
MISSING_HOURS          1/600      provincial-export record (县培/区培) 考核结果 合格 with 登记学时
                                  blank or 0
NO_TRAINING_IN_YEAR    1/500      roster teacher with no row in any source in one year
GP_OVER_CYCLE_LIMIT    1/1000     teacher reported and passed in two 国培 projects in the cycle
GP_BANNED_REENROLLED   1/1000     国培 no-show (报到=否) enrolled in another 国培 project later
PROJECT_OVER_QUOTA     1/1500     county project whose planned seats < distinct enrolled
DUP_SOURCES_DISAGREE   1/1000     国培 enrolment whose provider-list hours (or outcome) differ
                                  from the provincial export's record of it
SCHOOL_UNDER_5PCT      1/1000     school-year whose training spend is 2-4.5% of public funds
HOURS_NEGATIVE         1/1000     provincial-export record (县培/区培) with negative 登记学时
SIGNIN_SESSION_NO_     1/1500     school-year sign-in sheet with one session's 学时 cell blank
  HOURS                           (someone marked √ at it); points at the 学时 row
PROJECT_NO_HOURS       1/3000     plan row of a 县培 project (stage-restricted template) with
                                  blank 学时
HOURS_OVER_PROJECT     1/1000     provincial record (县培/区培) with plan hours + 8, its end date
                                  one day later (never over 8 a day)
HOURS_OVER_DAILY_MAX   1/1000     provincial record (县培/区培, >= 16 h) whose start = end date
UNKNOWN_TEACHER        1/1000     provincial record of a person on no roster (a stranger at the
                                  planted teacher's school)
PLATFORM_ID_           1/1000     platform row whose name is misspelt (张某伟), so the masked ID
  UNRESOLVED                      matches nobody
GP_ANNUAL_HOURS_MET    1/1500     teacher with passed, certified records ending before the
                                  October 国培 project (>= 72 h with sign-in) who is sent to it
SCHOOL_OVER_ALLOCATION 1/1500     allocation row of a 县培 project (stage-restricted) giving a
                                  school one seat fewer than it filled
GP_INELIGIBLE_TRAINEE  1/1500     国培 trainee outside a project's stages or rural-only condition
KPI_PASSED_NOT_        1/1500     国培 list row 是否报到=否 but 结业情况 合格 (with hours)
  ATTENDED
COUNTY_UNDER_1_5PCT    1/3000     county-year whose payrolls are x3: spend < 1.5% of payroll
                                  (points at the sheet's 合计 row)
FUNDING_UNIT_SUSPECT   1/1500     school-year row written in the other unit (元 vs 万元) than
                                  the sheet's header says
=====================  =========  ==========================================================

Ground truth: ``source_row`` is the 1-based Excel row (CSV line) of the row a finding points at;
``k`` holds the entity keys (``id_number`` is always the teacher's true ID, also for rows whose
written ID is damaged). A 国培 rule's finding on an attended enrolment (GP_OVER_CYCLE_LIMIT,
GP_BANNED_REENROLLED, GP_INELIGIBLE_TRAINEE, GP_ANNUAL_HOURS_MET) points at the enrolment's
provincial-export record, the winning source the credit marts read; a no-show's at its list row.
``edges`` lists the real-world situations every county holds (see ``samplegen.edges``).
Provincial exports are one file per year
(``provincial/省平台学时导出_{year}.xlsx``) unless 4 rows per teacher could pass Excel's
1,048,576-row limit (N > 262,142, e.g. a province), then one per county per year
(``provincial/{county}_省平台学时导出_{year}.xlsx``); the platform CSV stays one file per year.

Conventions that keep clean data clean: every teacher has at least one √ in every year's
sign-in matrix (except the NO_TRAINING_IN_YEAR plants); each teacher joins 国培 at most once
(except the two GP plants and the provincial-only failure's re-enrolment, see edges); 国培 no-shows appear only in the provider list (the provincial
system registers attended trainings only); every clean project's planned seats >= enrolled;
every clean school spends 5.5-9% of its public funds, public funds are 18-25k and payroll 55-62k
per teacher (so every clean county spends >= 1.6% of its payroll); a clean 国培 trainee's other
records and online courses end on or after the 国培 start (nobody clean "already met the annual
hours" before 国培, sign-in alone stays < 72 h); over-quota projects' allocations equal what each
school sent; at least 4 国培 projects a year so stage- and rural-restricted ones exist.
"""

from samplegen.generator import generate
from samplegen.rates import RATES

__all__ = ["RATES", "generate"]
