"""Wall, CPU and memory of a command and all its descendants, sampled from /proc (Linux).

`measure(cmd)` runs a command and returns its wall seconds, its CPU seconds (user + system,
children included: the kernel's figures from wait4 once it exited) and the peak of the summed
resident memory of its process tree. The sampler also keeps a time series of the tree's CPU and
memory, so that the stages of a long command (the pipeline's steps) can be costed afterwards from
their start and end times (`window`).

The tree's memory is the sum of each process's RSS: pages shared between processes (forked
workers) are counted once per process, so it is an upper bound of what the machine had to hold.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class Sample:
    at: float  # unix time
    cpu_s: float  # CPU of the tree so far (live processes and the children they reaped)
    rss_mb: float  # summed RSS of the live processes of the tree


@dataclass
class Measured:
    wall_s: float
    cpu_s: float
    peak_rss_mb: float  # summed RSS of the tree, sampled
    max_process_rss_mb: float  # the largest single process (the kernel's ru_maxrss)
    returncode: int
    started_at: float
    samples: list[Sample] = field(default_factory=list)

    def figures(self, rows: int | None = None) -> dict:
        out = {
            "wall_s": round(self.wall_s, 2),
            "cpu_s": round(self.cpu_s, 2),
            "peak_rss_mb": round(self.peak_rss_mb),
            "max_process_rss_mb": round(self.max_process_rss_mb),
        }
        if rows is not None:
            out["rows"] = rows
            out["rows_per_s"] = round(rows / self.wall_s) if self.wall_s > 0 else None
        return out


def _stat(pid: int) -> tuple[int, float, float] | None:
    """(parent pid, CPU seconds incl. reaped children, RSS MB) of one process, None if gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    # after the command name: state ppid ... utime(11) stime(12) cutime(13) cstime(14) ... rss(21)
    cpu = sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS
    return int(fields[1]), cpu, int(fields[21]) * PAGE_MB


def tree_usage(root: int) -> tuple[float, float]:
    """(CPU seconds, summed RSS MB) of `root` and every live descendant."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None:
                stats[int(entry)] = st
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    cpu = rss = 0.0
    todo = [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            cpu += stats[pid][1]
            rss += stats[pid][2]
            todo.extend(children.get(pid, ()))
    return cpu, rss


def measure(
    cmd: list[str], *, env: dict | None = None, cwd: Path | None = None, log: Path | None = None,
    interval: float = 0.5,
) -> Measured:
    """Run `cmd` to its end (output to `log`), sampling its process tree every `interval` s."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    started = time.time()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    samples = [Sample(started, 0.0, 0.0)]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(interval):
            cpu, rss = tree_usage(proc.pid)
            if rss:  # the process exists (not yet reaped)
                samples.append(Sample(time.time(), cpu, rss))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if log:
        out.close()
    cpu = usage.ru_utime + usage.ru_stime
    samples.append(Sample(time.time(), cpu, 0.0))
    return Measured(
        wall_s=wall,
        cpu_s=cpu,
        peak_rss_mb=max((s.rss_mb for s in samples), default=0.0),
        max_process_rss_mb=usage.ru_maxrss / 1024,
        returncode=proc.returncode,
        started_at=started,
        samples=samples,
    )


def _cpu_at(samples: list[Sample], at: float) -> float:
    """The tree's CPU at time `at`, interpolated between the two samples around it."""
    times = [s.at for s in samples]
    i = bisect_left(times, at)
    if i == 0:
        return samples[0].cpu_s
    if i >= len(samples):
        return samples[-1].cpu_s
    a, b = samples[i - 1], samples[i]
    share = (at - a.at) / (b.at - a.at) if b.at > a.at else 1.0
    return a.cpu_s + share * (b.cpu_s - a.cpu_s)


def window(samples: list[Sample], start: float, end: float) -> dict:
    """CPU seconds and peak summed RSS of the tree between two unix times."""
    inside = [s.rss_mb for s in samples if start <= s.at <= end]
    return {
        "cpu_s": round(max(0.0, _cpu_at(samples, end) - _cpu_at(samples, start)), 2),
        "peak_rss_mb": round(max(inside, default=0.0)),
    }
