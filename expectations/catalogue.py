"""The rule catalogue (rules.yml): what each data-quality rule id means and how to resolve it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CATALOGUE_PATH = Path(__file__).with_name("rules.yml")


@dataclass(frozen=True)
class RuleInfo:
    rule_id: str
    severity: str
    owner: str
    title_zh: str
    title_en: str
    meaning_zh: str
    meaning_en: str
    matters_zh: str
    matters_en: str
    resolve_zh: str
    resolve_en: str
    implemented_in: str = ""  # ingest/pandera | a dbt model under models/dq | a GX suite
    guards: str = "dq_findings"  # Dagster asset key path (a/b) of the asset the rule guards

    @property
    def guards_key_path(self) -> list[str]:
        return self.guards.split("/")

    @property
    def title(self) -> str:
        return f"{self.title_zh} {self.title_en}"


def _uncatalogued(rule_id: str, severity: str = "warn") -> RuleInfo:
    """Stand-in for a rule id that dq_findings holds but rules.yml does not (yet) describe."""
    return RuleInfo(
        rule_id=rule_id,
        severity=severity,
        owner="bureau",
        title_zh="未编目规则",
        title_en="Uncatalogued rule",
        meaning_zh="该规则尚未收录到 expectations/rules.yml。",
        meaning_en="This rule is not yet described in expectations/rules.yml.",
        matters_zh="请数据组补充说明。",
        matters_en="Ask the data team to add it to the catalogue.",
        resolve_zh="参照“问题说明”列逐条核实。",
        resolve_en="Check each row using the detail column.",
    )


@lru_cache(maxsize=4)
def load_rule_catalogue(path: Path | str = CATALOGUE_PATH) -> dict[str, RuleInfo]:
    """Read rules.yml into {rule_id: RuleInfo}; a malformed entry raises naming the rule id."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    rules: dict[str, RuleInfo] = {}
    for rule_id, entry in (data.get("rules") or {}).items():
        try:
            rules[rule_id] = RuleInfo(rule_id=rule_id, **entry)
        except TypeError as exc:
            raise ValueError(
                f"{path}: rule {rule_id} has missing or unknown fields: {exc}"
            ) from exc
        if rules[rule_id].severity not in ("error", "warn"):
            raise ValueError(f"{path}: rule {rule_id} severity must be 'error' or 'warn'")
    return rules


def rule_info(
    rule_id: str, catalogue: dict[str, RuleInfo] | None = None, severity: str = "warn"
) -> RuleInfo:
    """The catalogue entry for rule_id, or an 'uncatalogued' stand-in that never raises."""
    catalogue = load_rule_catalogue() if catalogue is None else catalogue
    return catalogue.get(rule_id) or _uncatalogued(rule_id, severity)
