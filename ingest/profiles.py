"""Source profiles: one YAML file per source kind in ingest/profiles/ (see docs in README)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from ingest.text import squeeze

PROFILE_DIR = Path(__file__).with_name("profiles")
VALUE_TYPES = {
    "id_number", "id_mask", "text", "name", "code", "date", "hours", "money", "integer",
    "boolean", "vocab",
}
# Column types filled by the reader itself rather than read from one cell.
DERIVED_TYPES = {"session_date", "session_title", "session_hours", "session_mark", "unit_declared"}


class ProfileError(ValueError):
    """A profile YAML file is malformed."""


@dataclass(frozen=True)
class Vocabulary:
    name: str
    mapping: dict[str, str]  # squeezed label -> code
    blank: str | None = None

    @property
    def codes(self) -> list[str]:
        return sorted(set(self.mapping.values()) | ({self.blank} if self.blank else set()))


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    synonyms: tuple[str, ...] = ()
    required: bool = False  # the header must be present for a file to match the profile
    not_null: bool = False  # a row with a blank value is quarantined
    unit: str | None = None  # default unit for hours (hours|minutes) and money (yuan|wan_yuan)
    vocab: Vocabulary | None = None
    metadata: str | None = None  # fill from title/filename metadata when absent or blank


@dataclass(frozen=True)
class MetadataSpec:
    name: str
    regex: re.Pattern[str]
    sources: tuple[str, ...] = ("title",)


@dataclass(frozen=True)
class SessionSpec:
    hours_row_labels: tuple[str, ...] = ("学时",)
    mark_vocab: Vocabulary | None = None


@dataclass(frozen=True)
class Profile:
    name: str
    target: str
    columns: tuple[ColumnSpec, ...]
    ignore: frozenset[str] = frozenset()
    metadata: tuple[MetadataSpec, ...] = ()
    logical_key: tuple[str, ...] = ("file",)
    sessions: SessionSpec | None = None
    description: str = ""
    path: str = ""
    synonym_index: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @cached_property
    def read_columns(self) -> tuple[ColumnSpec, ...]:
        """Columns read from a header cell (as opposed to derived ones); computed once (header
        scoring and every sheet group ask for them)."""
        return tuple(c for c in self.columns if c.type in VALUE_TYPES)

    @cached_property
    def required_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.read_columns if c.required and not c.metadata)


def _vocabularies(raw: dict) -> dict[str, Vocabulary]:
    out = {}
    for name, spec in raw.items():
        mapping = {squeeze(str(k)): str(v) for k, v in (spec.get("mapping") or {}).items()}
        out[name] = Vocabulary(name=name, mapping=mapping, blank=spec.get("blank"))
    return out


def _vocab_for(spec: dict, shared: dict[str, Vocabulary], where: str) -> Vocabulary | None:
    if "vocab" not in spec and "mapping" not in spec:
        return None
    base = shared.get(spec.get("vocab", ""), None)
    if spec.get("vocab") and base is None:
        raise ProfileError(f"{where}: unknown vocabulary {spec['vocab']!r}")
    mapping = dict(base.mapping) if base else {}
    mapping.update({squeeze(str(k)): str(v) for k, v in (spec.get("mapping") or {}).items()})
    blank = spec.get("blank", base.blank if base else None)
    return Vocabulary(name=spec.get("vocab", "custom"), mapping=mapping, blank=blank)


def parse_profile(raw: dict, shared: dict[str, Vocabulary], where: str = "<profile>") -> Profile:
    for key in ("profile", "target", "columns"):
        if key not in raw:
            raise ProfileError(f"{where}: missing key {key!r}")
    columns = []
    for cname, spec in raw["columns"].items():
        spec = spec or {}
        ctype = spec.get("type", "text")
        if ctype not in VALUE_TYPES | DERIVED_TYPES:
            raise ProfileError(f"{where}: column {cname}: unknown type {ctype!r}")
        if ctype == "vocab" and "vocab" not in spec and "mapping" not in spec:
            raise ProfileError(f"{where}: column {cname}: type vocab needs vocab: or mapping:")
        columns.append(
            ColumnSpec(
                name=cname,
                type=ctype,
                synonyms=tuple(squeeze(str(s)) for s in spec.get("synonyms", [])),
                required=bool(spec.get("required", False)),
                not_null=bool(spec.get("not_null", False)),
                unit=spec.get("unit"),
                vocab=_vocab_for(spec, shared, f"{where}: column {cname}"),
                metadata=spec.get("metadata"),
            )
        )
    metadata = tuple(
        MetadataSpec(
            name=m,
            regex=re.compile(spec["regex"]),
            sources=tuple(spec.get("sources", ["title"])),
        )
        for m, spec in (raw.get("metadata") or {}).items()
    )
    sessions = None
    if raw.get("sessions") is not None:
        s = raw["sessions"] or {}
        sessions = SessionSpec(
            hours_row_labels=tuple(squeeze(x) for x in s.get("hours_row_labels", ["学时"])),
            mark_vocab=_vocab_for({"vocab": s.get("mark_vocab", "mark")}, shared, where),
        )
    _check_codes(columns, sessions, where)
    index: dict[str, str] = {}
    for c in columns:
        for s in c.synonyms:
            index.setdefault(s, c.name)
    return Profile(
        name=str(raw["profile"]),
        target=str(raw["target"]),
        columns=tuple(columns),
        ignore=frozenset(squeeze(str(x)) for x in raw.get("ignore", [])),
        metadata=metadata,
        logical_key=tuple(raw.get("logical_key", ["file"])),
        sessions=sessions,
        description=str(raw.get("description", "")),
        path=where,
        synonym_index=index,
    )


def _check_codes(columns: list[ColumnSpec], sessions: SessionSpec | None, where: str) -> None:
    """A vocabulary named after a contract vocabulary may only produce the contract's codes."""
    from ingest.schemas import CONTRACT_VOCABULARIES

    vocabs = [c.vocab for c in columns if c.vocab] + ([sessions.mark_vocab] if sessions and sessions.mark_vocab else [])
    for v in vocabs:
        allowed = CONTRACT_VOCABULARIES.get(v.name)
        if allowed is None:
            continue
        bad = sorted(set(v.codes) - set(allowed))
        if bad:
            raise ProfileError(f"{where}: vocabulary {v.name!r} maps to codes outside the contract: {bad}")


def load_profiles(directory: Path | str | None = None) -> tuple[Profile, ...]:
    """Every *.yaml profile in the directory (files starting with `_` are shared definitions)."""
    return _load_profiles(str(Path(directory or PROFILE_DIR).resolve()))


@lru_cache(maxsize=8)
def _load_profiles(directory: str) -> tuple[Profile, ...]:
    d = Path(directory)
    shared_path = d / "_vocabularies.yaml"
    if not shared_path.exists():
        shared_path = PROFILE_DIR / "_vocabularies.yaml"
    shared = _vocabularies(yaml.safe_load(shared_path.read_text(encoding="utf-8")) or {})
    profiles = []
    for p in sorted(d.glob("*.y*ml")):
        if p.name.startswith("_"):
            continue
        profiles.append(parse_profile(yaml.safe_load(p.read_text(encoding="utf-8")), shared, str(p.name)))
    names = [p.name for p in profiles]
    if len(set(names)) != len(names):
        raise ProfileError(f"duplicate profile names in {directory}: {names}")
    return tuple(profiles)
