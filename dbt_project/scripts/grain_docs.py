"""Write the grain tables of dbt_project/README.md and docs/analysts.md from the models' YAML.

Each model's grain and meaning are written once, as the `Grain: ...` opening of its YAML
description; the two documents carry a generated table between `<!-- grain:begin -->` and
`<!-- grain:end -->` markers. Run `python dbt_project/scripts/grain_docs.py` after editing a
model's YAML; tests/dbt/test_grain_docs.py fails while a document is out of step.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "dbt_project" / "models"
BEGIN, END = "<!-- grain:begin -->", "<!-- grain:end -->"
# the layers shown in the dbt README, in order; dq rule models are one row, never counted
LAYERS = ["staging", "intermediate", "marts", "restricted"]
GRAIN = re.compile(r"^(?:Helper, not a rule\. )?Grain: (.+)$", re.S)


def first_clause(text: str) -> str:
    """Text up to the first '. ', ';' or ': ' outside parentheses (the grain, not the details)."""
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, "（": 1, ")": -1, "）": -1}.get(ch, 0)
        nxt = text[i + 1 : i + 2]
        if depth == 0 and (ch == ";" or (ch in ".:" and nxt in (" ", ""))):
            return text[:i]
    return text


def model_entries() -> list[tuple[str, str, Path]]:
    """(model, grain sentence, YAML path) of every model, sorted by path then name."""
    entries = []
    for path in sorted(MODELS.rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models") or []:
            text = " ".join((model.get("description") or "").split())
            match = GRAIN.match(text)
            if not match:
                raise ValueError(f"{path}: {model['name']}: description does not open with 'Grain:'")
            entries.append((model["name"], first_clause(match.group(1)), path))
    return entries


def _layer(path: Path) -> str:
    return path.relative_to(MODELS).parts[0]


def _link(path: Path, base: Path) -> str:
    rel = Path(*([".."] * len(base.relative_to(REPO).parts))) / path.relative_to(REPO)
    return f"[{path.name}]({rel.as_posix()})"


def dbt_readme_table() -> str:
    rows = ["| model | grain (from its YAML) |", "| --- | --- |"]
    entries = model_entries()
    for layer in LAYERS:
        for name, grain, path in entries:
            if _layer(path) == layer:
                rows.append(f"| `{name}` | {grain} |")
    rows.append(
        "| `dq_<rule>` | one row per finding of that rule (each rule's grain: `models/dq/_dq.yml`) |"
    )
    for name, grain, _path in entries:
        if name.startswith("dq_findings"):
            rows.append(f"| `{name}` | {grain} |")
    return "\n".join(rows)


def analysts_table() -> str:
    base = REPO / "docs"
    rows = ["| mart | grain (its YAML says more) |", "| --- | --- |"]
    for name, grain, path in model_entries():
        if _layer(path) == "marts":
            rows.append(f"| `{name}` | {grain}; {_link(path, base)} |")
    return "\n".join(rows)


DOCUMENTS = {
    REPO / "dbt_project" / "README.md": dbt_readme_table,
    REPO / "docs" / "analysts.md": analysts_table,
}


def rendered(path: Path) -> str:
    """The document with its generated table replaced by the current one."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{DOCUMENTS[path]()}\n{END}{tail}"


def main() -> int:
    for path in DOCUMENTS:
        path.write_text(rendered(path), encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
