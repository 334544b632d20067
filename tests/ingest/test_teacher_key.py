"""k_teacher at ingest: HMAC-SHA256 with the key from TT_HASH_KEY / TT_HASH_KEY_FILE, the demo
key refused in production, the key fingerprint guard and `python -m ingest rekey`.

Expected digests were computed outside Python: printf '%s' ID | openssl dgst -sha256 -hmac KEY.
"""

from __future__ import annotations

import hashlib
import hmac
import pickle

import duckdb
import polars as pl
import pytest
from ingest_builders import ID_C, ID_D, ROSTER_HEADER, write_xlsx

from ingest.cli import main as cli_main
from ingest.loader import load_paths
from ingest.teacher_key import (
    DEMO_KEY,
    HashKeyError,
    TeacherKey,
    add_k_teacher,
    k_teacher,
    load_key,
    require_key,
)

KNOWN_ID = "11010519491231002X"
HMAC_BUREAU_SECRET = "e44794f2533c3584e68ab33ad4ea92d1d2144c27a1de318713b0412c45eed896"
KEY_A = {ID_C: "05c7d204ccf37835f70564a76c2a2633df74baa48e517466d43237a26ced6eb5",
         ID_D: "cae4738cf8fa3ea1419e63cf44ba5b9fc7a7cad18c83adb5cb54fd0317a7b396"}
KEY_B = {ID_C: "74dc55c23e418cde54388e80b4aba909237e0fff1413ca182ab904bd95cda876",
         ID_D: "37ae66f98a7a711b1f5b840b52e22c403ccff236b994a299598dc0ff4a20926e"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for var in ("TT_HASH_KEY", "TT_HASH_KEY_FILE", "TT_ENV"):
        monkeypatch.delenv(var, raising=False)


def roster(path, ids=(ID_C, ID_D)):
    rows = [["花名册"], ROSTER_HEADER] + [
        [n + 1, name, i, "男", "1990-01-01", "小学", "语文", None, None, "3610502001", "实验小学",
         "临渭区", "城区"]
        for n, (name, i) in enumerate(zip(("张三", "李四"), ids, strict=False))
    ]
    return write_xlsx(path, rows)


def keys_in(warehouse) -> dict[str, str]:
    with duckdb.connect(str(warehouse)) as con:
        return dict(con.execute("select id_number, k_teacher from raw.roster").fetchall())


def test_k_teacher_is_hmac_sha256_of_the_id_number_with_the_key():
    assert k_teacher(KNOWN_ID, "bureau-secret") == HMAC_BUREAU_SECRET
    assert HMAC_BUREAU_SECRET == hmac.new(b"bureau-secret", KNOWN_ID.encode(), hashlib.sha256).hexdigest()
    # not the old sha256(key || '|' || id)
    assert HMAC_BUREAU_SECRET != hashlib.sha256(f"bureau-secret|{KNOWN_ID}".encode()).hexdigest()
    # the ID is normalised first: lower-case x and surrounding blanks give the same key
    assert k_teacher(" 11010519491231002x ", "bureau-secret") == HMAC_BUREAU_SECRET


def test_add_k_teacher_hashes_each_row_and_leaves_null_ids_null():
    key = TeacherKey(b"key-a", "test")
    df = pl.DataFrame({"id_number": [ID_C, None, ID_D, ID_C], "source_row": [1, 2, 3, 4]})
    out = add_k_teacher(df, key)
    assert out["source_row"].to_list() == [1, 2, 3, 4]
    assert out["k_teacher"].to_list() == [KEY_A[ID_C], None, KEY_A[ID_D], KEY_A[ID_C]]


def test_key_comes_from_the_first_line_of_the_key_file_stripped(tmp_path):
    path = tmp_path / "key"
    path.write_text("  bureau-secret  \nsecond line ignored\n", encoding="utf-8")
    key = load_key({"TT_HASH_KEY_FILE": str(path)})
    assert key(KNOWN_ID) == HMAC_BUREAU_SECRET and not key.is_demo
    assert load_key({"TT_HASH_KEY": "bureau-secret"})(KNOWN_ID) == HMAC_BUREAU_SECRET


def test_without_a_key_the_public_demo_key_is_used():
    key = load_key({})
    assert key.is_demo and key.source == "demo"
    assert key(KNOWN_ID) == hmac.new(DEMO_KEY.encode(), KNOWN_ID.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TT_HASH_KEY": "a", "TT_HASH_KEY_FILE": "/x"}, "set TT_HASH_KEY or TT_HASH_KEY_FILE, not both"),
        ({"TT_HASH_KEY_FILE": "/nonexistent/key"}, "TT_HASH_KEY_FILE /nonexistent/key cannot be read"),
    ],
)
def test_an_unusable_key_setting_is_a_one_line_error(env, message):
    with pytest.raises(HashKeyError, match=message) as info:
        load_key(env)
    assert "\n" not in str(info.value)


def test_an_empty_key_file_is_refused(tmp_path):
    (tmp_path / "key").write_text("\n", encoding="utf-8")
    with pytest.raises(HashKeyError, match="is empty"):
        load_key({"TT_HASH_KEY_FILE": str(tmp_path / "key")})


def test_production_refuses_the_demo_key_but_accepts_its_own():
    with pytest.raises(HashKeyError, match="TT_ENV=production with the public demo hash key") as info:
        require_key({"TT_ENV": "production"})
    assert "\n" not in str(info.value)
    with pytest.raises(HashKeyError):
        require_key({"TT_ENV": "production", "TT_HASH_KEY": DEMO_KEY})
    assert not require_key({"TT_ENV": "production", "TT_HASH_KEY": "bureau-secret"}).is_demo
    assert require_key({}).is_demo


def test_the_key_object_never_shows_or_pickles_its_secret():
    key = TeacherKey(b"bureau-secret", "TT_HASH_KEY")
    assert "bureau-secret" not in repr(key) and "bureau-secret" not in str(key)
    with pytest.raises(TypeError):
        pickle.dumps(key)


def test_load_fills_k_teacher_with_the_hmac_of_each_id(tmp_path, monkeypatch):
    monkeypatch.setenv("TT_HASH_KEY", "key-a")
    land, wh = tmp_path / "land", tmp_path / "wh.duckdb"
    roster(land / "roster.xlsx")
    with duckdb.connect(str(wh)) as con:
        load_paths([land], con, land)
    assert keys_in(wh) == KEY_A


def test_cli_refuses_the_demo_key_in_production_before_writing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TT_ENV", "production")
    land, wh = tmp_path / "land", tmp_path / "wh.duckdb"
    roster(land / "roster.xlsx")
    assert cli_main(["load", str(land), "--warehouse", str(wh)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("refusing to start: TT_ENV=production with the public demo hash key")
    assert err.count("\n") == 1
    assert not wh.exists()


def test_another_key_is_refused_until_rekey_recomputes_every_k_teacher(tmp_path, monkeypatch, capsys):
    land, wh = tmp_path / "land", tmp_path / "wh.duckdb"
    roster(land / "a" / "roster.xlsx")
    monkeypatch.setenv("TT_HASH_KEY", "key-a")
    assert cli_main(["load", str(land / "a"), "--warehouse", str(wh)]) == 0
    assert keys_in(wh) == KEY_A

    monkeypatch.setenv("TT_HASH_KEY", "key-b")
    capsys.readouterr()
    assert cli_main(["load", str(land / "a"), "--warehouse", str(wh)]) == 2
    assert "keyed with another hash key" in capsys.readouterr().err
    assert keys_in(wh) == KEY_A  # nothing written with the new key

    assert cli_main(["rekey", "--warehouse", str(wh)]) == 0
    assert "raw.roster 2" in capsys.readouterr().out
    assert keys_in(wh) == KEY_B
    assert cli_main(["load", str(land / "a"), "--warehouse", str(wh)]) == 0  # accepted now


def test_a_warehouse_from_before_ingest_keys_gets_the_column_and_its_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("TT_HASH_KEY", "key-a")
    land, wh = tmp_path / "land", tmp_path / "wh.duckdb"
    roster(land / "roster.xlsx", ids=(ID_C,))
    with duckdb.connect(str(wh)) as con:
        con.execute("create schema raw")
        con.execute(  # the roster table as the previous version created it: no k_teacher
            "create table raw.roster (id_number varchar, name varchar, gender varchar, "
            "birth_date date, stage varchar, subject varchar, title varchar, phone varchar, "
            "school_code varchar, school_name varchar, county varchar, school_area varchar, "
            "source_file varchar, source_sheet varchar, source_row integer, load_id varchar)"
        )
        con.execute(f"insert into raw.roster (id_number, name, school_code, source_file, "
                    f"source_sheet, source_row, load_id) values ('{ID_D}', '李四', 'S', 'old.xlsx', "
                    "'Sheet1', 3, 'L0')")
        load_paths([land], con, land)
    assert keys_in(wh) == KEY_A
