"""Ingest benchmark: rows/s and peak memory for CSV (GBK) and XLSX at 1M rows.

    python benchmarks/ingest_bench.py [--rows 1000000] [--formats csv,xlsx] [--dir /tmp/ingest_bench]

Test files are generated once into --dir and reused. Each measurement runs in a fresh process
so that its peak RSS (ru_maxrss) is the ingest's own: `read` = parse + normalise + validate
(ingest.reader.read_file), `load` = the same plus the DuckDB write (ingest.loader.load_paths).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
SCHOOLS = ["临渭区实验小学", "临渭区城关中学", "华州区第一小学", "华州区朝邑镇初级中学", "临渭区城关镇中心幼儿园"]
OUTCOMES = ["合格", "优秀", "不合格", "未参训", "已完成"]


def _ids(n: int, rng: random.Random) -> list[str]:
    from ingest.idnumber import check_char

    out = []
    for _ in range(n):
        body = f"6105{rng.randint(1, 3):02d}{rng.randint(1960, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        out.append(body + check_char(body))
    return out


def make_csv(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    ids = _ids(5000, rng)
    lines = ["姓名,证件号码,单位,课程名称,项目编号,学习时长(分钟),完成状态,最后学习时间"]
    for i in range(rows):
        idn = ids[i % len(ids)]
        mask = idn[:4] + "*" * 10 + idn[-4:]
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        lines.append(
            f"{name},{mask},{rng.choice(SCHOOLS)},课程{i % 300},WL2023{i % 7:03d},{rng.choice((45, 90, 180, 600))},"
            f"{rng.choice(('已完成', '未完成'))},2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 10:{i % 60:02d}:00"
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


def make_xlsx(path: Path, rows: int, seed: int = 1) -> None:
    import xlsxwriter

    rng = random.Random(seed)
    ids = _ids(5000, rng)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("学时明细")
    ws.write_row(0, 0, ["2023年教师培训学时导出"])
    ws.write_row(1, 0, ["导出时间：2024-01-05 10:00"])
    ws.write_row(2, 0, ["序号", "*姓名", "*身份证号", "工作单位", "县区", "学段", "学科", "项目编号", "项目名称",
                        "培训级别", "培训形式", "*开始日期\n(yyyy-MM-dd)", "*结束日期\n(yyyy-MM-dd)", "登记学时",
                        "实践学时", "考核结果", "审核状态"])
    for i in range(rows):
        d = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        ws.write_row(i + 3, 0, [
            i + 1, rng.choice(SURNAMES) + rng.choice(GIVEN), ids[i % len(ids)], rng.choice(SCHOOLS), "临渭区",
            rng.choice(("小学", "初中", "高中")), "语文", f"XP2023{i % 50:04d}", f"项目{i % 50}",
            rng.choice(("省培", "市培", "区培")), rng.choice(("集中培训", "网络研修", "混合式")), d, d,
            rng.choice((3, 6, 12, 24)), 0, rng.choice(OUTCOMES), "已认定",
        ])
    ws.write_row(rows + 3, 0, ["合计"])
    wb.close()


def measure(kind: str, path: str, root: str) -> dict:
    """Runs in a child process: one ingest of one file, timed, with its peak RSS."""
    import resource

    import duckdb

    from ingest.loader import load_paths
    from ingest.reader import read_file

    t0 = time.perf_counter()
    if kind == "read":
        r = read_file(path, root)
        rows, loaded = r.rows_read, r.rows_loaded
    else:
        con = duckdb.connect()
        rep = load_paths([path], con, root, workers=1)
        rows, loaded = rep.files[0].rows_read, rep.files[0].rows_loaded
    secs = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows, "loaded": loaded, "seconds": round(secs, 2),
            "rows_per_s": round(rows / secs), "peak_rss_mb": round(peak_mb)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--formats", default="csv,xlsx")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/ingest_bench"))
    ap.add_argument("--child", nargs=3, metavar=("KIND", "PATH", "ROOT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for fmt in args.formats.split(","):
        path = args.dir / f"bench_{args.rows}.{fmt}"
        if not path.exists():
            t0 = time.perf_counter()
            (make_csv if fmt == "csv" else make_xlsx)(path, args.rows)
            print(f"generated {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.0f}s",
                  flush=True)
        for kind in ("read", "load"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", kind, str(path), str(args.dir)],
                capture_output=True, text=True, check=True, cwd=ROOT,
            )
            res = json.loads(out.stdout.strip().splitlines()[-1])
            results[f"{fmt}_{kind}"] = res
            print(f"{fmt:5s} {kind:5s} {res['rows']:>9,} rows in {res['seconds']:6.2f}s = "
                  f"{res['rows_per_s']:>9,} rows/s, peak RSS {res['peak_rss_mb']:,} MB", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
