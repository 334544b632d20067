"""Find the header row of a sheet and the profile it belongs to.

Rows near the top are scored against every profile's synonyms: a candidate header is a single
row or a two-row header (a merged group label above its sub-labels). The best candidate is the
one that meets a profile's required columns and explains the most header cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ingest.profiles import Profile
from ingest.text import HeaderText, fold_width, normalize_header_folded

MAX_HEADER_SCAN = 40
# A time unit written after the name without brackets: 学习时长分钟, 时长/min, 学时/小时.
_UNIT_SUFFIX = re.compile(r"(?:[/／](?:分钟|min|mins|minutes|小时|h|hours?)|分钟|小时)$", re.I)
_MINUTES = re.compile(r"分钟|min", re.I)
_HOURS = re.compile(r"小时|学时|课时|hour|[/(]h\)?$", re.I)
_SESSION_DATE = re.compile(
    r"^\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00:00)?\s*(.*)$",
    re.S,
)


@dataclass(frozen=True)
class Session:
    col: int
    date: date
    title: str | None
    header: str


@dataclass
class HeaderMatch:
    profile: Profile
    header_rows: list[int]  # 0-based grid rows
    columns: dict[str, int]  # canonical column -> 0-based grid column
    headers: dict[int, HeaderText]  # grid column -> its (deepest) header text
    sessions: list[Session] = field(default_factory=list)
    explained: int = 0
    unknown: list[str] = field(default_factory=list)
    ignored_cols: list[int] = field(default_factory=list)  # e.g. 序号: not data by itself

    @property
    def first_data_row(self) -> int:
        return self.header_rows[-1] + 1


@dataclass
class NoMatch:
    """Why a sheet matched no profile, naming the closest one."""

    closest: str | None
    header_row: int | None
    matched: list[str]
    missing: list[str]  # "header text (canonical column)" of the missing required columns
    message: str


def parse_session_header(raw: str | None) -> tuple[date, str | None] | None:
    """`2023-03-05\\n师德专题` -> (date(2023, 3, 5), '师德专题'); None when not a dated session."""
    if not raw:
        return None
    return _parse_session_header(raw) if isinstance(raw, str) else _parse_session_header.__wrapped__(raw)


@lru_cache(maxsize=65536)
def _parse_session_header(raw: str) -> tuple[date, str | None] | None:
    m = _SESSION_DATE.match(fold_width(str(raw)))
    if not m:
        return None
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    title = re.sub(r"\s+", " ", m.group(4)).strip() or None
    return d, title


def hours_unit(raw: str, name: str, bracket_unit: str | None, folded: str | None = None) -> str | None:
    """The time unit a header declares: its bracket (学时(分钟) -> minutes) first, else the words
    of the header (学习时长分钟, 时长/min -> minutes; 获得学时, 小时, 课时 -> hours); None when it
    declares none (e.g. a bare 学习时长: the profile's default unit applies). `folded`: raw
    already width-folded, when the caller has it."""
    if bracket_unit in ("minutes", "hours"):
        return bracket_unit
    text = fold_width(raw) if folded is None else folded  # with its brackets: 学时(min) declares minutes
    if _MINUTES.search(text):
        return "minutes"
    if _HOURS.search(name) or _HOURS.search(text):
        return "hours"
    return None


@lru_cache(maxsize=65536)
def header_text(raw: str | None) -> HeaderText:
    """normalize_header plus the time unit the header's words declare (for hours columns) and
    without a bracket-less unit suffix, so 时长/min matches the synonym 时长."""
    t, folded = normalize_header_folded(raw)
    if t.unit not in (None, "minutes", "hours"):
        return t  # money and counts: text.py's reading stands
    unit = hours_unit(t.raw, t.name, t.unit, folded)
    name = _UNIT_SUFFIX.sub("", t.name) or t.name
    return HeaderText(t.raw, name, unit) if (unit, name) != (t.unit, t.name) else t


def _candidates(top: list[str | None], sub: list[str | None] | None) -> list[list[HeaderText]]:
    """Header texts to try per column; for two-row headers: sub, group+sub, sub+group, group."""
    out = []
    group = None
    for i, cell in enumerate(top):
        if sub is None:
            out.append([header_text(cell)] if cell else [])
            continue
        below = sub[i] if i < len(sub) else None
        if cell:
            group = cell
        cands: list[HeaderText] = []
        if below:
            cands.append(header_text(below))
            if group:
                cands.append(header_text(f"{group}{below}"))
                cands.append(header_text(f"{below}{group}"))
        if cell:
            cands.append(header_text(cell))
        elif not below and group is None:
            pass
        out.append(cands)
    return out


def _score(profile: Profile, cands: list[list[HeaderText]], raw_cells: list[str | None]):
    best: dict[str, tuple[int, int, HeaderText]] = {}  # canon -> (priority, col, text)
    explained_cols: set[int] = set()
    ignored_cols: list[int] = []
    sessions: list[Session] = []
    headers: dict[int, HeaderText] = {}
    index, ignore, prio_of = profile.synonym_index, profile.ignore, _priorities(profile)
    for col, texts in enumerate(cands):
        if not texts:
            continue
        headers[col] = texts[0]
        for t in texts:
            canon = index.get(t.name)
            if canon is not None:
                prio = prio_of[canon, t.name]
                if canon not in best or prio < best[canon][0]:
                    best[canon] = (prio, col, t)
                headers[col] = t
                break
            if t.name in ignore:
                explained_cols.add(col)
                ignored_cols.append(col)
                break
        else:
            if profile.sessions is not None:
                parsed = parse_session_header(raw_cells[col] if col < len(raw_cells) else None)
                if parsed:
                    sessions.append(Session(col, parsed[0], parsed[1], str(raw_cells[col])))
                    explained_cols.add(col)
    columns = {canon: v[1] for canon, v in best.items()}
    explained_cols |= set(columns.values())
    for v in best.values():
        headers[v[1]] = v[2]
    unknown = [cands[c][0].raw for c in range(len(cands)) if cands[c] and c not in explained_cols]
    missing = [c for c in profile.required_columns if c.name not in columns]
    ok = not missing and (profile.sessions is None or bool(sessions))
    return ok, columns, headers, sessions, explained_cols, unknown, missing, ignored_cols


_PRIORITIES: dict[int, tuple[Profile, dict[tuple[str, str], int]]] = {}


def _priorities(profile: Profile) -> dict[tuple[str, str], int]:
    """(canonical column, synonym) -> the synonym's rank, per profile (kept alive by the cache)."""
    hit = _PRIORITIES.get(id(profile))
    if hit is None or hit[0] is not profile:
        ranks = {(canon, name): profile.column(canon).synonyms.index(name)
                 for name, canon in profile.synonym_index.items()}
        hit = _PRIORITIES[id(profile)] = (profile, ranks)
    return hit[1]


@dataclass
class _Variant:
    """One candidate header (a row, or a row and the row below) and its scores per profile,
    computed on demand: a profile that cannot meet its required columns is never scored
    unless the sheet matches nothing (then every score names the closest profile)."""

    cands: list[list[HeaderText]]
    raw: list[str | None]
    canon: set[str]  # every canonical column (of any profile) some candidate text names
    scores: list = field(default_factory=list)


@dataclass(frozen=True)
class _ProfileSet:
    profiles: tuple[Profile, ...]
    known: frozenset[str]  # header names any profile knows (synonyms and ignored headers)
    required: tuple[frozenset[tuple[str, str]], ...]  # per profile: (profile, column) required
    names: dict[str, frozenset[tuple[str, str]]]  # header name -> the (profile, column)s it names


_SETS: dict[int, _ProfileSet] = {}
_VARIANTS: dict[tuple, tuple[tuple[Profile, ...], _Variant]] = {}


def _profile_set(profiles: tuple[Profile, ...]) -> _ProfileSet:
    hit = _SETS.get(id(profiles))
    if hit is None or hit.profiles is not profiles:
        known: set[str] = set()
        for p in profiles:
            known |= set(p.synonym_index) | set(p.ignore)
        required = tuple(frozenset((p.name, c.name) for c in p.required_columns) for p in profiles)
        names: dict[str, set[tuple[str, str]]] = {}
        for p in profiles:
            for name, canon in p.synonym_index.items():
                names.setdefault(name, set()).add((p.name, canon))
        hit = _SETS[id(profiles)] = _ProfileSet(
            profiles, frozenset(known), required, {k: frozenset(v) for k, v in names.items()})
    return hit


def _variant(pset: _ProfileSet, row: list[str | None], nxt: list[str | None] | None) -> _Variant:
    """The candidate texts of a one- or two-row header, memoised per profile set (kept alive by
    the cache): the files of one template repeat the same header rows. Callers only read it."""
    profiles = pset.profiles
    key = (id(profiles), tuple(row), None if nxt is None else tuple(nxt))
    hit = _VARIANTS.get(key)
    if hit is not None and hit[0] is profiles:
        return hit[1]
    if nxt is None:
        cands, raw = _candidates(row, None), row
    else:
        cands = _candidates(row, nxt)
        raw = [nxt[i] if i < len(nxt) and nxt[i] else row[i] for i in range(len(row))]
    index = pset.names
    canon: set[tuple[str, str]] = set()
    for texts in cands:
        for t in texts:
            hit_names = index.get(t.name)
            if hit_names is not None:
                canon |= hit_names
    v = _Variant(cands, raw, canon, [None] * len(profiles))
    if len(_VARIANTS) > 2048:
        _VARIANTS.clear()
    _VARIANTS[key] = (profiles, v)
    return v


def _scan(top_rows: list[list[str | None]], pset: _ProfileSet, full: bool) -> tuple[HeaderMatch | None, tuple | None]:
    """The best header of the top rows; with `full`, also the closest profile. Without it only
    the profiles whose required columns are all named by the variant are scored: the others
    cannot be `ok`, so the best match is the same."""
    profiles = pset.profiles
    best_key = None
    best: HeaderMatch | None = None
    closest_key = None
    closest: tuple | None = None
    n = min(len(top_rows), MAX_HEADER_SCAN)
    known = pset.known
    best_row: int | None = None
    for r in range(n):
        if best_row is not None and r > best_row + 2:
            break  # a header further down cannot beat one found above the data
        row = top_rows[r]
        if sum(1 for c in row if c not in (None, "")) < 2:
            continue
        nxt_row = top_rows[r + 1] if r + 1 < len(top_rows) else []
        if not any(header_text(c).name in known for c in [*row, *nxt_row] if c):
            continue  # no cell of this row (or the next) is a header any profile knows
        variants = [([r], _variant(pset, row, None))]
        if r + 1 < len(top_rows):
            nxt = top_rows[r + 1]
            if sum(1 for c in nxt if c not in (None, "")) >= 1:
                variants.append(([r, r + 1], _variant(pset, row, nxt)))
        for rows, v in variants:
            for i, p in enumerate(profiles):
                if not full and not pset.required[i] <= v.canon:
                    continue
                score = v.scores[i]
                if score is None:
                    score = v.scores[i] = _score(p, v.cands, v.raw)
                ok, columns, headers, sessions, explained, unknown, missing, ign = score
                key = (len(explained), len(columns), -len(rows), -r)
                if ok and (best_key is None or key > best_key):
                    best_key = key
                    best_row = r
                    best = HeaderMatch(p, rows, columns, headers, sessions, len(explained), unknown, ign)
                if not full:
                    continue
                n_missing = len(missing) + (1 if p.sessions is not None and not sessions else 0)
                ckey = (len(columns) - 2 * n_missing, len(explained), -r)
                if closest_key is None or ckey > closest_key:
                    closest_key = ckey
                    closest = (p, r, columns, missing, sessions)
    return best, closest


def detect_header(
    top_rows: list[list[str | None]], profiles: tuple[Profile, ...]
) -> HeaderMatch | NoMatch:
    """top_rows: the first rows of a sheet (cells as text). Returns the best match or why none."""
    pset = _profile_set(profiles)
    best, closest = _scan(top_rows, pset, full=False)
    if best is None:  # no match: score every profile to name the closest one
        best, closest = _scan(top_rows, pset, full=True)
    if best is not None:
        r = best.header_rows[0]
        if len(best.header_rows) == 1 and r > 0:
            # The upper half of a two-row header whose cells were merged down (filled by the
            # grid reader) repeats the lower row's labels: it is header too, not a title.
            above, row = top_rows[r - 1], top_rows[r]
            same = sum(1 for i, v in enumerate(above) if v and i < len(row) and row[i] == v)
            if same >= 2:
                best.header_rows = [r - 1, r]
        return best
    if closest is None:
        return NoMatch(None, None, [], [], "no header row found (no row with two or more cells)")
    p, r, columns, missing, sessions = closest
    missing_txt = [f"{c.synonyms[0] if c.synonyms else c.name} ({c.name})" for c in missing]
    if p.sessions is not None and not sessions:
        missing_txt.append("dated session columns like '2023-03-05\\n主题'")
    msg = (
        f"matches no profile; closest is '{p.name}' (header on row {r + 1}, "
        f"{len(columns)} of {len(p.read_columns)} columns found); missing required: "
        + ", ".join(missing_txt)
    )
    return NoMatch(p.name, r, sorted(columns), missing_txt, msg)
