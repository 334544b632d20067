"""Where publications live and the one pointer that says which version is current.

Layout of TT_PUBLISH_DIR (default: TT_REPORTS_DIR/published):

    versions/<build-id>/          one complete publication (never changed once switched to)
    versions/<build-id>.partial/  a publication being written (deleted by the next run if left)
    current -> versions/<build-id>  symlink, replaced with os.replace (an atomic rename)
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

PUBLISH_DIR_ENV = "TT_PUBLISH_DIR"
KEEP_ENV = "TT_PUBLISH_KEEP"
DEFAULT_KEEP = 3
VERSIONS = "versions"
CURRENT = "current"
PARTIAL = ".partial"
ANALYSTS_FILE = "analysts.duckdb"
MANIFEST_FILE = "manifest.json"


def publish_root(
    reports_dir: str | os.PathLike[str], environ: Mapping[str, str] | None = None
) -> Path:
    """TT_PUBLISH_DIR, else <reports_dir>/published, absolute."""
    env = os.environ if environ is None else environ
    return Path(env.get(PUBLISH_DIR_ENV) or Path(reports_dir) / "published").resolve()


def keep_versions(environ: Mapping[str, str] | None = None) -> int:
    """How many published versions to keep (TT_PUBLISH_KEEP, default 3, at least 1)."""
    env = os.environ if environ is None else environ
    raw = env.get(KEEP_ENV) or str(DEFAULT_KEEP)
    try:
        keep = int(raw)
    except ValueError as exc:
        raise ValueError(f"{KEEP_ENV} must be a whole number, got {raw!r}") from exc
    if keep < 1:
        raise ValueError(f"{KEEP_ENV} must be at least 1, got {keep}")
    return keep


def new_build_id(now: dt.datetime | None = None) -> str:
    """Sortable by time (UTC), unique: 20261201-234501-123456-a1b2."""
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%d-%H%M%S-%f}-{secrets.token_hex(2)}"


def current_version(root: Path) -> Path | None:
    """The folder `current` points at, or None before the first publication."""
    link = root / CURRENT
    if not link.is_symlink() and not link.exists():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def partial_dir(root: Path, build_id: str) -> Path:
    return root / VERSIONS / f"{build_id}{PARTIAL}"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def seal(partial: Path) -> Path:
    """Rename a finished <id>.partial folder to <id> (still not current)."""
    final = partial.with_name(partial.name.removesuffix(PARTIAL))
    os.replace(partial, final)
    _fsync_dir(final.parent)
    return final


def switch_current(root: Path, version: Path) -> None:
    """Point `current` at version in one rename: readers see the old or the new target."""
    tmp = root / f".{CURRENT}-{secrets.token_hex(4)}"
    os.symlink(os.path.relpath(version, root), tmp)
    os.replace(tmp, root / CURRENT)
    _fsync_dir(root)


def prune(root: Path, keep: int) -> list[Path]:
    """Delete versions beyond the newest `keep` (never the current one), leftover .partial
    folders of killed runs and stray temporary links; returns what was deleted."""
    versions_dir = root / VERSIONS
    if not versions_dir.is_dir():
        return []
    current = current_version(root)
    removed: list[Path] = []
    done = sorted(
        (p for p in versions_dir.iterdir() if p.is_dir() and not p.name.endswith(PARTIAL)),
        key=lambda p: p.name,
    )
    for old in done[:-keep] if keep else done:
        if current is None or old.resolve() != current:
            shutil.rmtree(old)
            removed.append(old)
    for leftover in versions_dir.glob(f"*{PARTIAL}"):
        shutil.rmtree(leftover)
        removed.append(leftover)
    for link in root.glob(f".{CURRENT}-*"):
        link.unlink()
        removed.append(link)
    return removed
