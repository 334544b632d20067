"""Every column of every mart has a Chinese label for the published XLSX copies."""

from __future__ import annotations

from pathlib import Path

import yaml

from expectations.publication.labels import column_labels, label

MARTS = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "marts"


def test_every_mart_column_has_a_chinese_label():
    columns = {
        column["name"]
        for path in MARTS.glob("*.yml")
        for model in (yaml.safe_load(path.read_text("utf-8")) or {}).get("models", [])
        for column in model.get("columns", [])
    }
    assert columns and sorted(columns - set(column_labels())) == []


def test_a_column_without_label_keeps_its_name():
    assert label("total_hours") == "累计学时"
    assert label("no_such_column") == "no_such_column"
