"""Catalogue facts shared by the asset definitions: owners, kinds, column schemas of raw tables."""

from __future__ import annotations

import re

import dagster as dg

from ingest.schemas import BOOKKEEPING_DDL, MODELS, ddl

OWNERS = ["team:data-engineering"]
AUDIT_OWNERS = ["team:data-engineering", "team:audit"]
_COLUMNS = re.compile(r"\((.*)\)\s*$", re.S)


def raw_table_ddl(table: str) -> str:
    return BOOKKEEPING_DDL[table] if table in BOOKKEEPING_DDL else ddl(table)


def raw_table_schema(table: str) -> dg.TableSchema:
    """The columns of raw.<table> as ingest creates them (from its pandera model or DDL)."""
    body = _COLUMNS.search(raw_table_ddl(table))
    assert body, f"no column list in the DDL of raw.{table}"
    columns = []
    for item in re.split(r",(?![^()]*\))", body.group(1)):  # not the comma of decimal(18,4)
        name, _, kind = item.strip().partition(" ")
        columns.append(dg.TableColumn(name=name, type=kind.strip()))
    return dg.TableSchema(columns=columns)


def is_canonical(table: str) -> bool:
    return table in MODELS
