"""Sample landing-folder generator (docs/data_contract.md section 1) with planted defects.

``python -m samplegen --teachers N --seed S --out DIR [--years 2021-2023] [--clean]`` (also
``python -m ingest.sample``). Parts: ``layout`` (counties, schools, projects), ``paths`` and
``cells`` (file names, headers, the XLSX writer and messy cell formats), ``rates`` and ``plan``
(the defect plan), ``teachers`` (the clean teacher draw), ``county`` (a county's and its schools'
files), ``teacher_year`` (one teacher's clean year), ``plants`` (one module per teacher-level
planted rule: its rate, what it writes, its ground-truth record), ``lists`` (国培 lists, plans,
allocations), ``edges`` and ``edge_files`` (the real-world edges every county holds), ``generator`` (the run).
A new kind of file is one more module with a mixin or a function the run calls.

The policy numbers the plants depend on (cycle start and length, the 国培 ban, the annual hours,
as_of_date, the daily maximum) come from ``ingest.policy.load_policy_model`` (``--policy``, else
TT_POLICY, else config/policy.yml), so the planted findings are findings under that policy.

Everything is derived from one ``numpy.random.Generator(seed)``: it draws the layout (counties,
schools, projects, defect plan) and one child seed per school; each school's content is drawn
from a ``random.Random(child_seed)`` (fast scalar draws), so the same seed gives the same files.
Generation streams county by county, school by school; only small per-project aggregates and the
国培 trainee rows (a few percent of teacher-years) are kept in memory until the end.

Planted defects (none with ``clean=True``); count = max(1, round(N * rate)), N = teachers. The
teacher-level rules are described, with their rates, in their modules of ``samplegen.plants``;
the others (rates in ``samplegen.rates``):

=====================  ==========================================================
rule                   what is planted
=====================  ==========================================================
PROJECT_OVER_QUOTA     county project whose planned seats < distinct enrolled
SCHOOL_UNDER_5PCT      school-year whose training spend is 2-4.5% of public funds
SIGNIN_SESSION_NO_     school-year sign-in sheet with one session's 学时 cell blank
  HOURS                (someone marked √ at it); points at the 学时 row
PROJECT_NO_HOURS       plan row of a 县培 project (stage-restricted template) with
                       blank 学时
SCHOOL_OVER_ALLOCATION allocation row of a 县培 project (stage-restricted) giving a
                       school one seat fewer than it filled
COUNTY_UNDER_1_5PCT    county-year whose payrolls are x3: spend < 1.5% of payroll
                       (points at the sheet's 合计 row)
FUNDING_UNIT_SUSPECT   school-year row written in the other unit (元 vs 万元) than
                       the sheet's header says
=====================  ==========================================================

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
