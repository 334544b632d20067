"""The read pool reads ahead of the writer: a slow batch at the head does not idle the other
workers, results still come back in path order, and what is read ahead stays bounded."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ingest import read_pool


def _args(path: str) -> tuple:
    return (path, "/", None, None, "d" * 64)


def test_a_slow_head_batch_does_not_stop_the_other_workers(monkeypatch):
    monkeypatch.setattr(read_pool, "LOOKAHEAD_BATCHES", 64)
    others_done = threading.Event()
    done: list[str] = []
    lock = threading.Lock()
    seen_by_head: list[bool] = []

    def task(path: str, *_: object) -> str:
        if path == "b00":  # a million-row export: it finishes only when the rest has been read
            seen_by_head.append(others_done.wait(timeout=10))
            return path
        with lock:
            done.append(path)
            if len(done) == 19:
                others_done.set()
        return path

    todo = [[_args(f"b{i:02d}")] for i in range(20)]
    got = list(read_pool.read_ordered(task, todo, 2, lambda: ThreadPoolExecutor(2), lambda b: []))
    assert seen_by_head == [True]  # with two batches per worker in flight it waited 10 s in vain
    assert got == [[f"b{i:02d}"] for i in range(20)]  # in path order all the same


def _files(tmp_path: Path, n: int) -> list[str]:
    paths = []
    for i in range(n):
        p = tmp_path / f"f{i:02d}.csv"
        p.write_bytes(b"x" * 100)
        paths.append(str(p))
    return paths


def test_what_is_read_ahead_is_bounded_by_bytes(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(read_pool, "LOOKAHEAD_BYTES", 500)
    ahead = _submitted_ahead(_files(tmp_path, 12), 1)
    assert len(ahead) == 12
    assert max(ahead) == 5 + 1  # 500 bytes of 100-byte files ahead of the batch being written


def _submitted_ahead(paths: list[str], workers: int) -> list[int]:
    """How many batches were submitted and not yet yielded (the one being yielded included),
    each time one is yielded."""
    state = {"submitted": 0, "yielded": 0}

    class Pool(ThreadPoolExecutor):
        def submit(self, *a, **k):  # type: ignore[override]
            state["submitted"] += 1
            return super().submit(*a, **k)

    out = []
    for _ in read_pool.read_ordered(lambda p, *_: p, [[_args(p)] for p in paths], workers,
                                    lambda: Pool(workers), lambda b: []):
        out.append(state["submitted"] - state["yielded"])
        state["yielded"] += 1
    return out


def test_a_worker_count_keeps_at_least_two_batches_per_worker_in_flight(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(read_pool, "LOOKAHEAD_BYTES", 0)
    assert max(_submitted_ahead(_files(tmp_path, 10), 2)) == 4 + 1


def test_batches_are_big_for_a_big_load_and_still_shared_by_the_workers_of_a_small_one():
    assert read_pool.batch_files(4_627, 2) == read_pool.BATCH_FILES  # a county: 128 a batch
    assert read_pool.batch_files(279, 2) == 35  # the demo: 8 batches for two workers
    assert read_pool.batch_files(10, 2) == read_pool.BATCH_MIN_FILES
    sizes = [1] * 279
    got = read_pool.batches([_args(f"f{i}") for i in range(279)], sizes, read_pool.batch_files(279, 2))
    assert [len(b) for b in got] == [35] * 7 + [34]
