"""The rule catalogue: what each data-quality rule id means, how severe it is, what it guards and
how to resolve it.

Each rule is described once, in its dq model's YAML (`config.meta.rule` of dbt_project/models/dq/
*.yml): id, severity, guards (the Dagster asset key path a/b its check is attached to), owner and
the Chinese and English texts the report and the workbooks print. dbt reads the same meta (the
severity of every finding, macros/dq.sql); the rule lives in that model unless `implemented_in`
says otherwise (`ingest/pandera`: rows the ingest quarantines, which the model reports).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "dbt_project" / "models" / "dq"


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
    implemented_in: str = ""  # its dq model, or ingest/pandera (rows the ingest quarantines)
    guards: str = "dq_findings"  # Dagster asset key path (a/b) of the asset the rule guards

    @property
    def guards_key_path(self) -> list[str]:
        return self.guards.split("/")

    @property
    def title(self) -> str:
        return f"{self.title_zh} {self.title_en}"


def _uncatalogued(rule_id: str, severity: str = "warn") -> RuleInfo:
    """Stand-in for a rule id that dq_findings holds but no dq model's meta (yet) describes."""
    return RuleInfo(
        rule_id=rule_id,
        severity=severity,
        owner="bureau",
        title_zh="未编目规则",
        title_en="Uncatalogued rule",
        meaning_zh="该规则尚未在 dbt_project/models/dq 的 YAML（meta.rule）中说明。",
        meaning_en="This rule is not yet described in its dq model's YAML (meta.rule).",
        matters_zh="请数据组补充说明。",
        matters_en="Ask the data team to add it to the catalogue.",
        resolve_zh="参照“问题说明”列逐条核实。",
        resolve_en="Check each row using the detail column.",
    )


def _rule_entries(path: Path) -> list[tuple[str, str, dict]]:
    """(file, model, meta.rule) of every model whose YAML carries a rule, in file order."""
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    found = []
    for file in files:
        for model in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("models") or []:
            rule = ((model.get("config") or {}).get("meta") or {}).get("rule")
            if rule is not None:
                found.append((str(file), model["name"], rule))
    return found


def load_rule_catalogue(path: Path | str | None = None) -> dict[str, RuleInfo]:
    """{rule_id: RuleInfo} from the dq models' YAML (a directory, or one YAML file; default
    CATALOGUE_PATH, read when called so a copy of the project can stand in); a malformed entry
    raises naming the file and the model."""
    return _load_rule_catalogue(Path(path or CATALOGUE_PATH))


@lru_cache(maxsize=4)
def _load_rule_catalogue(path: Path) -> dict[str, RuleInfo]:
    rules: dict[str, RuleInfo] = {}
    for file, model, entry in _rule_entries(path):
        fields = {k: " ".join(str(v).split()) for k, v in dict(entry).items()}
        rule_id = fields.pop("id", "")
        fields.setdefault("implemented_in", model)
        try:
            info = RuleInfo(rule_id=rule_id, **fields)
        except TypeError as exc:
            raise ValueError(f"{file}: {model}: meta.rule has missing or unknown fields: {exc}") from exc
        # dbt's unit tests find a rule's id by its model's name (macro dq_rule_meta)
        if rule_id in rules or model != f"dq_{rule_id.lower()}":
            raise ValueError(f"{file}: {model}: meta.rule.id {rule_id!r} repeats or is not dq_<id>")
        if info.severity not in ("error", "warn"):
            raise ValueError(f"{file}: {model}: rule {rule_id} severity must be 'error' or 'warn'")
        rules[rule_id] = info
    return rules


def rule_info(
    rule_id: str, catalogue: dict[str, RuleInfo] | None = None, severity: str = "warn"
) -> RuleInfo:
    """The catalogue entry for rule_id, or an 'uncatalogued' stand-in that never raises."""
    catalogue = load_rule_catalogue() if catalogue is None else catalogue
    return catalogue.get(rule_id) or _uncatalogued(rule_id, severity)
