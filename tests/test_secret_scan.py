"""The leak scanner over test and soak outputs finds every hit, says where, never repeats it."""

import gzip
import json
import sqlite3
import urllib.parse
import zlib

import pytest

from tests.secret_scan import Hit, SecretScanner, main, scan

SECRET = "scan-Secret/7f3+q"  # noqa: S105 - test-only; has characters URL encoding changes
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"


def kinds(hits: list[Hit]) -> list[str]:
    return [hit.kind for hit in hits]


def test_each_kind_is_found_in_a_text_with_its_line_and_offset():
    text = "\n".join(
        [
            "clean line",
            f"client secret {SECRET} in a message",
            f"form body client_secret={urllib.parse.quote(SECRET, safe='')}",
            "Authorization: Bearer opaque-token-123456",
            "Authorization: Basic bm9taXMtYXBpOnNlY3JldA==",
            '{"ACCESS_TOKEN": 1}',
            f"token {JWT} end",
        ]
    )
    hits = scan({"log": text}, secrets=[SECRET])
    assert kinds(hits) == ["secret", "secret", "bearer", "basic", "access_token", "jwt"]
    assert [hit.line for hit in hits] == [2, 3, 4, 5, 6, 7]
    assert all(hit.where == "log" for hit in hits)
    assert text.encode()[hits[0].offset :].startswith(SECRET.encode())


def test_redacted_and_harmless_text_is_not_a_hit():
    text = (
        'Authorization: Bearer *** {"token_type": "bearer"} basic validation failed, '
        "nomis-prisoner-api GET /x -> HTTP 500: insert failed"
    )
    assert scan({"log": text}, secrets=[SECRET]) == []


def test_excerpts_mask_every_hit_so_a_report_does_not_leak():
    hits = scan({"x": f"a {SECRET} then Bearer {JWT} b"}, secrets=[SECRET])
    assert {hit.kind for hit in hits} == {"secret", "bearer", "jwt"}
    for hit in hits:
        assert SECRET not in hit.excerpt and JWT not in hit.excerpt and "eyJ" not in hit.excerpt
        assert SECRET not in str(hit)
    assert hits[0].excerpt.startswith("a [secret] then")


def test_a_secret_across_a_chunk_boundary_is_found_once_with_its_line(tmp_path):
    scanner = SecretScanner([SECRET], chunk_size=1)  # the minimum: two overlaps (8 KiB)
    chunk = scanner._chunk_size
    filler = b"x" * 99 + b"\n"
    data = filler * (chunk // 100 * 3)
    positions = [chunk - 3, chunk - scanner._overlap - 2, 2 * chunk + 5, len(data) - 1]
    for position in positions:
        data = data[:position] + SECRET.encode() + data[position:]
    path = tmp_path / "compute.log"
    path.write_bytes(data)
    hits = scanner.scan_file(path)
    assert sorted(hit.offset for hit in hits) == sorted(
        data.find(SECRET.encode(), p) for p in positions
    )
    for hit in hits:
        assert hit.line == data.count(b"\n", 0, hit.offset) + 1


def test_a_tree_with_sqlite_gzip_and_text_files(tmp_path):
    runs = tmp_path / "dagster_home" / "storage"
    runs.mkdir(parents=True)
    (runs / "compute.out").write_text(f"ok\nBearer {JWT}\n")
    (tmp_path / "process.log.gz").write_bytes(gzip.compress(f"x {SECRET}".encode()))
    (tmp_path / "clean.txt").write_text("nothing here")
    with sqlite3.connect(tmp_path / "index.db") as db:
        db.execute("CREATE TABLE event_logs (id INTEGER PRIMARY KEY, event TEXT)")
        db.execute("INSERT INTO event_logs (event) VALUES ('fine'), (?)", [f"err {SECRET}"])
        db.execute("CREATE TABLE snapshots (body BLOB)")
        body = zlib.compress(json.dumps({"config": {"access_token": "t"}}).encode())
        db.execute("INSERT INTO snapshots VALUES (?)", [body])
        db.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
        db.execute("INSERT INTO kv VALUES ('a', 'b'), ('cursor', ?)", [f"Basic {JWT}"])
    db.close()
    hits = scan(paths=[tmp_path], secrets=[SECRET])
    found = {(hit.where.replace(str(tmp_path), ""), hit.kind) for hit in hits}
    assert found == {
        ("/dagster_home/storage/compute.out", "bearer"),
        ("/dagster_home/storage/compute.out", "jwt"),
        ("/process.log.gz", "secret"),
        ("/index.db::event_logs.event#2", "secret"),
        ("/index.db::snapshots.body#1", "access_token"),
        ("/index.db::kv.v#2", "basic"),
        ("/index.db::kv.v#2", "jwt"),
    }


def test_a_short_secret_is_refused_rather_than_matching_everywhere():
    with pytest.raises(ValueError, match="at least 6"):
        SecretScanner(["abc"])


def test_the_command_line_exits_1_on_hits(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.log").write_text(f"leaked {SECRET}\n")
    monkeypatch.setenv("NOMIS_CLIENT_SECRET", SECRET)
    assert main([str(tmp_path), "--secrets-from-env"]) == 1
    out = capsys.readouterr().out
    assert "a.log:1: secret: leaked [secret]" in out and SECRET not in out
    (tmp_path / "a.log").write_text("clean\n")
    assert main([str(tmp_path), "--secret", SECRET]) == 0


def test_the_cli_names_a_path_that_does_not_exist_instead_of_a_traceback(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main([str(tmp_path), str(tmp_path / "logs"), "--secret", SECRET])
    assert exited.value.code == 2
    assert f"no such file or directory: {tmp_path / 'logs'}" in capsys.readouterr().err
