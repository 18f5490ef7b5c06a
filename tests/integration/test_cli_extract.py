"""``letopis extract`` through the CLI: formats, bad input recorded while the run goes on, exit codes."""

from __future__ import annotations

import json
import shutil

import msgspec
from click.testing import CliRunner

from letopis.cli import main
from letopis.model import DocumentRecord

from ..conftest import SEED_TXT


def _records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_seed_jsonl_is_the_contract(tmp_path):
    res = CliRunner().invoke(main, ["extract", str(SEED_TXT), "--with-text"])
    assert res.exit_code == 0, res.output
    (rec,) = _records(res.stdout)
    typed = msgspec.convert(rec, DocumentRecord)  # every field of the contract, checked by type
    assert typed.date == "2025-12-18" and typed.language == "bg"
    assert typed.text.startswith("Беларуският президент") and len(typed.id) == 64
    for key in ("id", "source", "date", "language", "entities", "quotes", "events", "counts", "dates", "places",
                "tone", "errors"):
        assert key in rec


def test_extract_id_is_stable_and_text_only_on_request():
    a = _records(CliRunner().invoke(main, ["extract", str(SEED_TXT)]).stdout)[0]
    b = _records(CliRunner().invoke(main, ["extract", str(SEED_TXT)]).stdout)[0]
    assert a["id"] == b["id"] and "text" not in a


def test_bad_inputs_get_records_and_the_run_goes_on(tmp_path):
    shutil.copy(SEED_TXT, tmp_path / "a_seed.txt")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "d_badutf8.txt").write_bytes("Лукашенко заяви днес".encode() + b"\xff\xfe\xfd" + " още".encode())
    (tmp_path / "e_huge.txt").write_bytes(b"word " * 4_000_000)
    (tmp_path / "f.jsonl").write_text(
        '{"text": "Русия изрази подкрепа.", "date": "2025-01-01", "id": "ok1"}\n{oops\n{"title": "x"}\n',
        encoding="utf-8",
    )
    (tmp_path / "g_plain.txt").write_text("Plain English text without a date. The police arrested ten people.")
    res = CliRunner().invoke(main, ["extract", str(tmp_path)])
    assert res.exit_code == 1  # some documents failed
    recs = _records(res.stdout)
    by_src = {r["source"].rsplit("/", 1)[-1]: r for r in recs}
    assert len(recs) == 9
    assert by_src["a_seed.txt"]["errors"] == []
    assert "empty" in by_src["b_empty.txt"]["errors"][0]
    assert "binary" in by_src["c_binary.txt"]["errors"][0]
    assert "invalid UTF-8" in by_src["d_badutf8.txt"]["errors"][0] and by_src["d_badutf8.txt"]["language"] == "bg"
    assert "MB limit" in by_src["e_huge.txt"]["errors"][0]
    assert by_src["ok1"]["errors"] == [] and by_src["ok1"]["date"] == "2025-01-01"
    assert "not JSON" in by_src["f.jsonl:2"]["errors"][0]
    assert "no 'text'" in by_src["f.jsonl:3"]["errors"][0]
    assert by_src["g_plain.txt"]["date"] is None and by_src["g_plain.txt"]["language"] == "en"
    assert "empty" in res.stderr


def test_missing_path_is_reported_and_others_processed(tmp_path):
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.txt"), str(SEED_TXT)])
    assert res.exit_code == 1
    assert "no such file" in res.stderr
    assert len(_records(res.stdout)) == 1


def test_table_and_json_formats():
    res = CliRunner().invoke(main, ["extract", str(SEED_TXT), "--format", "table"])
    assert res.exit_code == 0 and "date 2025-12-18" in res.stdout and "-- tone" in res.stdout
    res = CliRunner().invoke(main, ["extract", str(SEED_TXT), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout)[0]["date"] == "2025-12-18"


def test_progress_line_on_stderr(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f" date 2025-01-0{i + 1} Текст номер {i}.", encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(tmp_path), "--progress"])
    assert res.exit_code == 0 and "articles/s" in res.stderr


def test_language_option_forces_language():
    res = CliRunner().invoke(main, ["extract", str(SEED_TXT), "--language", "ru"])
    assert _records(res.stdout)[0]["language"] == "ru"


def test_demo_prints_summary():
    res = CliRunner().invoke(main, ["demo"])
    assert res.exit_code == 0 and "demo/000_995f112fad036f26.txt" in res.stdout
