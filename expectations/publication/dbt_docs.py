"""What the dbt manifest knows about the marts: descriptions, keys and which raw tables feed them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RAW_SOURCE = "raw"


@dataclass(frozen=True)
class MartDoc:
    name: str
    description: str
    key: tuple[str, ...]
    columns: dict[str, str] = field(default_factory=dict)  # column -> description
    raw_inputs: frozenset[str] = frozenset()  # raw tables it is built from


def load_manifest(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def model_keys(manifest: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """{model: its tested grain key}: the columns of its unique_combination test, else of its
    (first) unique column test."""
    keys: dict[str, tuple[str, ...]] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "test":
            continue
        meta = node.get("test_metadata") or {}
        model = (node.get("attached_node") or "").rsplit(".", 1)[-1]
        kwargs = meta.get("kwargs") or {}
        if meta.get("name") == "unique_combination":
            cols = kwargs.get("combination_of_columns") or []
            keys[model] = tuple(cols)
        elif meta.get("name") == "unique" and kwargs.get("column_name") and model not in keys:
            keys[model] = (kwargs["column_name"],)
    return keys


def _raw_inputs(manifest: dict[str, Any], unique_id: str) -> frozenset[str]:
    """Raw tables (source raw.*) upstream of a node, following depends_on."""
    nodes = {**manifest.get("nodes", {}), **manifest.get("sources", {})}
    found: set[str] = set()
    stack, seen = [unique_id], set()
    while stack:
        uid = stack.pop()
        if uid in seen:
            continue
        seen.add(uid)
        node = nodes.get(uid) or {}
        if node.get("resource_type") == "source" and node.get("source_name") == RAW_SOURCE:
            found.add(node["name"])
        stack += (node.get("depends_on") or {}).get("nodes") or []
    return frozenset(found)


def mart_docs(manifest: dict[str, Any], prefix: str = "mart_") -> dict[str, MartDoc]:
    """Every model named prefix*: its description, key (unique test), columns and raw inputs."""
    keys = model_keys(manifest)
    docs: dict[str, MartDoc] = {}
    for uid, node in manifest.get("nodes", {}).items():
        if node.get("resource_type") != "model" or not node["name"].startswith(prefix):
            continue
        docs[node["name"]] = MartDoc(
            name=node["name"],
            description=" ".join((node.get("description") or "").split()),
            key=keys.get(node["name"], ()),
            columns={
                c: " ".join((v.get("description") or "").split())
                for c, v in (node.get("columns") or {}).items()
            },
            raw_inputs=_raw_inputs(manifest, uid),
        )
    return docs
