"""The region policy (config/policy.yml): one typed, validated model, loaded in one place.

`TT_POLICY` points at a region's own copy; the default is the repository's config/policy.yml with
the DOMAIN.md defaults. Every layer (ingest, dbt vars, Great Expectations suites, the report, the
sample generator) reads the policy through `load_policy`, so a region changes a number in one file.

Validation happens before any data is touched: an unknown key (a typo, also in a nested section),
a negative number, or a string where a number goes stops the run with a `PolicyError` that names
the file and the key. Values reach SQL only after this model has typed them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ingest import vocabularies

DEFAULT_POLICY_PATH = Path(__file__).resolve().parent.parent / "config" / "policy.yml"


def vocabulary_codes(name: str) -> frozenset[str]:
    """The canonical codes of one vocabulary (level, mode, outcome, ...): ingest.vocabularies."""
    return frozenset(vocabularies.codes(name))


def _codes_of(name: str):
    def check(values: list[str]) -> list[str]:
        unknown = sorted(set(values) - vocabulary_codes(name))
        if unknown:
            allowed = ", ".join(sorted(vocabulary_codes(name)))
            raise ValueError(f"unknown {name} code(s) {unknown}; allowed: {allowed}")
        return values

    return AfterValidator(check)


Outcomes = Annotated[list[str], _codes_of("outcome")]
ReviewStatuses = Annotated[list[str], _codes_of("review_status")]
Modes = Annotated[list[str], _codes_of("mode")]
Levels = Annotated[list[str], _codes_of("level")]

# strict: a number must be written as a number ("240" in quotes is a mistake, not 240)
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False, strict=True)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)]
OptionalCap = Annotated[float | None, Field(default=None, ge=0, allow_inf_nan=False, strict=True)]
Count = Annotated[int, Field(ge=0, strict=True)]

# Text that reaches SQL (as a quoted literal) may hold letters, digits, CJK and a few marks, never
# quotes, parentheses or semicolons: a policy value is data, not SQL.
_SAFE_TEXT = re.compile(r"^[\w\u3000-\u303f\u4e00-\u9fff\uff00-\uffef %.\-/:·]*$")


def _safe_text(value: str) -> str:
    if not _SAFE_TEXT.match(value):
        raise ValueError(f"{value!r} holds characters a policy text may not hold (quotes, brackets, ;)")
    return value


SafeText = Annotated[str, Field(min_length=1, max_length=100)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    @field_validator("*", mode="after")
    @classmethod
    def _texts_are_data(cls, value: Any) -> Any:
        if isinstance(value, str):
            return _safe_text(value)
        if isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, str):
                    _safe_text(item)
        return value


class HoursPerCredit(_Section):
    in_person: Positive
    blended: Positive
    workshop: Positive
    online: Positive
    practice: Positive
    school_based: Positive


class Caps(_Section):
    school_based_credits_per_year: OptionalCap = None
    online_credits_per_cycle: OptionalCap = None
    credits_per_year: OptionalCap = None
    credits_per_cycle: OptionalCap = None


class IT20(_Section):
    min_hours: NonNegative
    min_practice_hours: NonNegative
    project_counties: list[SafeText] = []
    project_name_keywords: list[SafeText] = []
    project_code_patterns: list[SafeText] = []
    practice_modes: Modes = []

    @model_validator(mode="after")
    def _practice_within_total(self) -> IT20:
        if self.min_practice_hours > self.min_hours:
            raise ValueError("min_practice_hours cannot exceed min_hours")
        return self


class Guopei(_Section):
    max_enrolments_per_cycle: Annotated[int, Field(ge=1, strict=True)]
    ban_years: Count
    ban_outcomes: Outcomes


class Funding(_Section):
    school_training_share_of_public_funds: Share
    county_training_share_of_payroll: Share
    county_budget_levels: Levels = []


class Projects(_Section):
    undated_record_plan_year: Literal["earliest", "latest"] = "earliest"


class Participation(_Section):
    send_rate_basis: Literal["enrolled", "attended"] = "enrolled"


class Ingest(_Section):
    replacement_max_row_drop_share: Share = 0.2


class EarlyWarning(_Section):
    """Risk classes of the 360-hour early warning: hours needed per remaining school
    year at most on_track_max -> on track; above feasible_max -> cannot finish without exceptions."""

    on_track_max_hours_per_year: NonNegative = 72
    feasible_max_hours_per_year: NonNegative = 144

    @model_validator(mode="after")
    def _ordered(self) -> EarlyWarning:
        if self.feasible_max_hours_per_year < self.on_track_max_hours_per_year:
            raise ValueError("feasible_max_hours_per_year cannot be below on_track_max_hours_per_year")
        return self


AppraisalIndicator = Literal[
    "send_rate", "participation_rate", "pass_rate", "school_based_sessions",
    "backbone_trained", "credits_certified",
]


class SchoolAppraisal(_Section):
    """学校教师培训工作考核: indicator weights (the indicator list) and their inputs."""

    weights: dict[AppraisalIndicator, NonNegative] = {
        "send_rate": 0.2, "participation_rate": 0.2, "pass_rate": 0.2,
        "school_based_sessions": 0.15, "backbone_trained": 0.1, "credits_certified": 0.15,
    }
    school_based_sessions_required_per_year: Annotated[int, Field(ge=1, strict=True)] = 32
    backbone_levels: Levels = ["national", "provincial", "city"]


class SchoolBasedTimetable(_Section):
    """The county's school-based training days (SIGNIN_OFF_TIMETABLE, warn)."""

    from_date: dt.date = dt.date(2023, 1, 1)
    weekdays: list[Annotated[int, Field(ge=1, le=7, strict=True)]] = [2, 4]
    period: Annotated[int, Field(ge=1, le=12, strict=True)] = 3


class ProviderScorecard(_Section):
    """承训机构 scorecards: the plan levels whose providers are scored."""

    levels: Levels = ["national", "provincial"]


class Policy(_Section):
    """The whole policy file. Field docs are in config/policy.yml beside each default."""

    cycle_start_year: Annotated[int, Field(ge=1990, le=2100, strict=True)]
    cycle_length_years: Annotated[int, Field(ge=1, le=10, strict=True)]
    hours_per_cycle: Positive
    annual_hours_guideline: NonNegative
    as_of_date: dt.date
    school_year_start_month: Annotated[int, Field(ge=1, le=12, strict=True)] = 9
    counted_outcomes: Annotated[Outcomes, Field(min_length=1)]
    counted_review_statuses: Annotated[ReviewStatuses, Field(min_length=1)]
    hours_per_credit: HoursPerCredit
    caps: Caps = Caps()
    in_person_hours_required: OptionalCap = None
    other_hours_required: OptionalCap = None
    it20: IT20
    guopei: Guopei
    projects: Projects = Projects()
    participation: Participation = Participation()
    funding: Funding
    ingest: Ingest = Ingest()
    early_warning: EarlyWarning = EarlyWarning()
    school_appraisal: SchoolAppraisal = SchoolAppraisal()
    school_based_timetable: SchoolBasedTimetable = SchoolBasedTimetable()
    provider_scorecard: ProviderScorecard = ProviderScorecard()
    dq_max_hours_per_training_day: Positive
    dq_unit_factor_suspect: Annotated[float, Field(gt=1, allow_inf_nan=False, strict=True)]
    dq_spend_over_budget_factor: Annotated[float, Field(gt=1, allow_inf_nan=False, strict=True)]

    def as_vars(self) -> dict[str, Any]:
        """The policy as plain JSON-able values: what dbt receives as `--vars {"policy": ...}`."""
        return self.model_dump(mode="json")


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file and each bad key."""


def policy_path() -> Path:
    return Path(os.environ.get("TT_POLICY") or DEFAULT_POLICY_PATH)


def _describe(error: dict[str, Any]) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key (a typo? see config/policy.yml for the keys)"
    if error["type"] == "missing":
        return f"{key}: missing (see config/policy.yml for the default)"
    return f"{key}: {error['msg']} (got {error.get('input')!r})"


def parse_policy(data: Any, source: str = "<policy>") -> Policy:
    """Validate a policy mapping; raises PolicyError naming `source` and every bad key."""
    if not isinstance(data, dict):
        raise PolicyError(f"policy file {source} does not hold a mapping of policy keys")
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise PolicyError(f"policy file {source}: {problems}") from None


def load_policy_model(path: Path | str | None = None) -> Policy:
    """Read and validate a policy file (TT_POLICY, else config/policy.yml)."""
    source = Path(path) if path else policy_path()
    if not source.is_file():
        raise PolicyError(f"policy file {source} not found (set TT_POLICY or restore config/policy.yml)")
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise PolicyError(f"policy file {source} is not valid YAML: {exc}") from None
    return parse_policy(data, str(source))


def load_policy(path: Path | str | None = None) -> dict[str, Any]:
    """The validated policy as a plain dict (dates as ISO text), for dbt vars and the suites."""
    return load_policy_model(path).as_vars()
