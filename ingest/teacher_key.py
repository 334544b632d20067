"""k_teacher: the keyed hash that stands for a teacher's ID number outside the raw layer.

k_teacher = HMAC-SHA256(key, normalised 18-character ID number), lower-case hex. It is computed
here, at ingest, and stored beside id_number in the raw tables; dbt only selects it. The key is
read by this module alone, from TT_HASH_KEY or from the file named by TT_HASH_KEY_FILE (first
line, stripped), so it never reaches a command line, a dbt var, compiled SQL, a view definition,
a log line or a Dagster resource. Without either, the public demo key is used, and with
TT_ENV=production the demo key is refused.

The warehouse records a fingerprint of the key its raw tables were keyed with
(raw.hash_key_fingerprint): loading with another key is refused, since one teacher would get
two keys; `python -m ingest rekey` recomputes every k_teacher from id_number with the current
key (then rebuild with `make run`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from pathlib import Path

import duckdb
import polars as pl

from ingest.schemas import KEYED_TABLES

DEMO_KEY = "demo-hash-key-change-me"  # public: fine for the sample data, never for real teachers
_FINGERPRINT_LABEL = b"teacher-training k_teacher key fingerprint v1"
_FINGERPRINT_DDL = (
    "create table if not exists raw.hash_key_fingerprint (fingerprint varchar, set_at timestamp)"
)


class HashKeyError(ValueError):
    """The key cannot be used (missing file, empty, demo key in production, other key)."""


class TeacherKey:
    """The secret and a per-ID cache of its hashes; repr and str never show the secret."""

    __slots__ = ("_secret", "_cache", "source")

    def __init__(self, secret: bytes, source: str) -> None:
        if not secret:
            raise HashKeyError(f"the hash key from {source} is empty")
        self._secret = secret
        self._cache: dict[str, str] = {}
        self.source = source  # "TT_HASH_KEY", "TT_HASH_KEY_FILE <path>" or "demo"

    @property
    def is_demo(self) -> bool:
        return hmac.compare_digest(self._secret, DEMO_KEY.encode())

    @property
    def fingerprint(self) -> str:
        """Identifies the key without revealing it (an HMAC of a fixed label, 16 hex digits)."""
        return hmac.new(self._secret, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]

    def __call__(self, id_number: str | None) -> str | None:
        if id_number is None:
            return None
        digest = self._cache.get(id_number)
        if digest is None:
            normalised = id_number.strip().upper().encode()
            digest = hmac.new(self._secret, normalised, hashlib.sha256).hexdigest()
            self._cache[id_number] = digest
        return digest

    def __repr__(self) -> str:
        return f"TeacherKey(source={self.source!r}, fingerprint={self.fingerprint!r})"

    __str__ = __repr__

    def __reduce__(self):  # never pickled into a worker process or a Dagster event
        raise TypeError("TeacherKey is not picklable")


def k_teacher(id_number: str, key: bytes | str) -> str:
    """The keyed hash of one ID number (tests and one-off use; loads use TeacherKey)."""
    return TeacherKey(key.encode() if isinstance(key, str) else key, "argument")(id_number)


def load_key(environ: Mapping[str, str] | None = None) -> TeacherKey:
    """The key from TT_HASH_KEY or TT_HASH_KEY_FILE, else the public demo key."""
    env = os.environ if environ is None else environ
    value, path = env.get("TT_HASH_KEY") or "", env.get("TT_HASH_KEY_FILE") or ""
    if value and path:
        raise HashKeyError("set TT_HASH_KEY or TT_HASH_KEY_FILE, not both")
    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise HashKeyError(f"TT_HASH_KEY_FILE {path} cannot be read: {exc.strerror}") from None
        return TeacherKey((lines[0].strip() if lines else "").encode(), f"TT_HASH_KEY_FILE {path}")
    if value:
        return TeacherKey(value.encode(), "TT_HASH_KEY")
    return TeacherKey(DEMO_KEY.encode(), "demo")


def require_key(environ: Mapping[str, str] | None = None) -> TeacherKey:
    """load_key(), refusing the public demo key when TT_ENV=production."""
    env = os.environ if environ is None else environ
    key = load_key(env)
    if key.is_demo and (env.get("TT_ENV") or "").strip().lower() == "production":
        raise HashKeyError(
            "TT_ENV=production with the public demo hash key: set TT_HASH_KEY_FILE (or "
            "TT_HASH_KEY) to the bureau's own key"
        )
    return key


def add_k_teacher(df: pl.DataFrame, key: TeacherKey) -> pl.DataFrame:
    """The frame with a k_teacher column from its id_number (null where id_number is null);
    each distinct ID is hashed once."""
    ids = [i for i in df.get_column("id_number").unique().to_list() if i is not None]
    mapping = pl.DataFrame(
        {"id_number": ids, "k_teacher": [key(i) for i in ids]},
        schema={"id_number": pl.String, "k_teacher": pl.String},
    )
    return df.drop("k_teacher", strict=False).join(
        mapping, on="id_number", how="left", maintain_order="left"
    )


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    """Execute and drain the result (a statement without one raises on fetch)."""
    cur = con.execute(sql, params) if params is not None else con.execute(sql)
    try:
        return cur.fetchall()
    except duckdb.InvalidInputException:
        return []


def _ensure_key_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The fingerprint table, and k_teacher on the keyed raw tables (also in older warehouses)."""
    _run(con, "create schema if not exists raw")
    _run(con, _FINGERPRINT_DDL)
    for table in KEYED_TABLES:
        _run(con, f"alter table raw.{table} add column if not exists k_teacher varchar")


def _rekey_tables(con: duckdb.DuckDBPyConnection, key: TeacherKey) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in KEYED_TABLES:
        ids = [r[0] for r in _run(
            con,
            f"select distinct id_number from raw.{table} where id_number is not null",
        )]
        key_map = pl.DataFrame(
            {"id_number": ids, "k_teacher": [key(i) for i in ids]},
            schema={"id_number": pl.String, "k_teacher": pl.String},
        ).to_arrow()
        con.register("teacher_key_map", key_map)
        try:
            _run(
                con,
                f"update raw.{table} as t set k_teacher = m.k_teacher from teacher_key_map as m "
                "where t.id_number = m.id_number",
            )
        finally:
            con.unregister("teacher_key_map")
        _run(con, f"update raw.{table} set k_teacher = null where id_number is null")
        counts[table] = _run(con, f"select count(*) from raw.{table}")[0][0]
    return counts


def _record_fingerprint(con: duckdb.DuckDBPyConnection, key: TeacherKey) -> None:
    _run(con, "delete from raw.hash_key_fingerprint")
    _run(con, "insert into raw.hash_key_fingerprint values (?, now()::timestamp)",
         [key.fingerprint])


def prepare_warehouse(con: duckdb.DuckDBPyConnection, key: TeacherKey) -> None:
    """Before a load: the k_teacher columns exist and the raw tables are keyed with `key`.

    A warehouse without a recorded key (new, or from before k_teacher was computed at ingest)
    is keyed now; a warehouse keyed with another key is refused (see `rekey`).
    """
    _ensure_key_tables(con)
    recorded = _run(con, "select fingerprint from raw.hash_key_fingerprint")
    if recorded and recorded[0][0] == key.fingerprint:
        return
    if recorded:
        raise HashKeyError(
            f"the raw tables were keyed with another hash key (fingerprint {recorded[0][0]}, "
            f"current {key.fingerprint}): run `python -m ingest rekey --warehouse FILE` to re-key "
            "them with the current key, or set the previous key"
        )
    rekey(con, key)


def rekey(con: duckdb.DuckDBPyConnection, key: TeacherKey) -> dict[str, int]:
    """Recompute k_teacher of every raw row from its id_number with `key`, in one transaction,
    and record the key's fingerprint; returns rows per table. Rebuild the marts afterwards."""
    _ensure_key_tables(con)
    _run(con, "begin transaction")
    try:
        counts = _rekey_tables(con, key)
        _record_fingerprint(con, key)
        _run(con, "commit")
    except Exception:
        _run(con, "rollback")
        raise
    return counts
