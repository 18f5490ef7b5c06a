"""`letopis ingest`: re-ingest adds nothing, syndicated copies, bad input recorded, globs and directories."""

from __future__ import annotations

import duckdb
import pytest
from click.testing import CliRunner

from letopis.cli import main
from letopis.model import document_id
from letopis.runners.local import build_pipeline, read_items
from letopis.store.db import reading
from letopis.store.schema import CHILD_TABLES
from letopis.store.writer import ingest_items, outlet_of
from tests.conftest import SEED_TXT
from tests.integration.store_data import ARTICLES, REPORT_NAME, copy_text, write_articles, write_copy


def _ingest(*args: str):
    return CliRunner().invoke(main, ["ingest", "--no-progress", *args])


def _table_counts(db: str) -> dict[str, int]:
    with reading(db) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "events", "entities", *CHILD_TABLES)}


def test_ingest_then_reingest_adds_nothing(tmp_path):
    folder = write_articles(tmp_path / "in")
    db = str(tmp_path / "s.duckdb")
    first = _ingest(str(folder), str(SEED_TXT), "--db", db)
    assert first.exit_code == 0, first.output
    counts = _table_counts(db)
    assert counts["documents"] == len(ARTICLES) + 1
    assert counts["mentions"] > 0  # the seed article has entities
    again = _ingest(str(folder), str(SEED_TXT), "--db", db)
    assert again.exit_code == 0, again.output
    assert f"0 documents stored in {db}" in again.output and f"{len(ARTICLES) + 1} already there" in again.output
    assert _table_counts(db) == counts


class CountingPipeline:
    """The real pipeline, counting the documents it is given."""

    def __init__(self) -> None:
        self.inner = build_pipeline()
        self.config = self.inner.config
        self.seen: list[str] = []

    def __call__(self, doc):
        self.seen.append(doc.source)
        return self.inner(doc)


def test_known_documents_skip_the_pipeline(tmp_path):
    folder = write_articles(tmp_path / "in")
    db = str(tmp_path / "s.duckdb")
    ingest_items(read_items([str(folder / "bg_sofia.txt")]), db)
    pipe = CountingPipeline()
    stats = ingest_items(read_items([str(folder)]), db, pipe)
    assert stats.skipped == 1 and stats.documents == len(ARTICLES) - 1
    assert str(folder / "bg_sofia.txt") not in pipe.seen and len(pipe.seen) == len(ARTICLES) - 1


def test_same_document_twice_in_one_run_is_stored_once(tmp_path):
    folder = write_articles(tmp_path / "in")
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "same.txt").write_bytes((folder / "en_port.txt").read_bytes())
    db = str(tmp_path / "s.duckdb")
    result = _ingest(str(folder), str(tmp_path / "again"), "--db", db)
    assert result.exit_code == 0 and "1 already there" in result.output
    assert _table_counts(db)["documents"] == len(ARTICLES)


def test_syndicated_copy_is_recorded_with_its_original(tmp_path):
    folder = write_articles(tmp_path / "in")
    copy = write_copy(tmp_path / "elsewhere")
    db = str(tmp_path / "s.duckdb")
    assert _ingest(str(folder), str(copy), "--db", db).exit_code == 0
    date, body = ARTICLES[REPORT_NAME]
    with reading(db) as con:
        rows = con.execute("SELECT id, status, duplicate_of FROM documents WHERE source = ?", [str(copy)]).fetchall()
        originals = con.execute("SELECT count(*) FROM documents WHERE status = 'processed'").fetchone()[0]
    assert rows == [(document_id(date, copy_text() + "\n"), "duplicate", document_id(date, body + "\n"))]
    assert originals == len(ARTICLES)


def test_bad_input_is_recorded_and_the_run_goes_on(tmp_path):
    folder = write_articles(tmp_path / "in")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "lines.jsonl").write_text('{"text": "Кратък текст за проба.", "date": "2025-11-09"}\nnot json\n{"x": 1}\n',
                                        encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    result = _ingest(str(folder), str(tmp_path / "no-such-file.txt"), "--db", db)
    assert result.exit_code == 1
    assert "no-such-file.txt: no such file or directory" in result.output
    assert f"letopis: {folder / 'binary.txt'}: " in result.output  # each failure named on standard error
    with reading(db) as con:
        failed = dict(con.execute("SELECT source, error FROM documents WHERE status = 'failed'").fetchall())
        errors = con.execute("SELECT count(*) FROM errors WHERE status = 'failed'").fetchone()[0]
        processed = con.execute("SELECT count(*) FROM documents WHERE status = 'processed'").fetchone()[0]
    assert set(failed) == {str(folder / "empty.txt"), str(folder / "binary.txt"), f"{folder / 'lines.jsonl'}:2",
                           f"{folder / 'lines.jsonl'}:3"}
    assert all(failed.values()) and errors == 4
    assert processed == len(ARTICLES) + 1  # the articles and the good JSONL line
    # A second run reads the bad inputs again: they fail again (exit 1, each named) and are not stored twice.
    again = _ingest(str(folder), "--db", db)
    assert again.exit_code == 1 and "0 documents stored" in again.output and "4 failed" in again.output
    assert f"letopis: {folder / 'empty.txt'}: " in again.output
    (folder / "empty.txt").write_text("date 2025-11-10 Поправеният файл вече има текст.", encoding="utf-8")
    (folder / "binary.txt").unlink()
    (folder / "lines.jsonl").unlink()
    fixed = _ingest(str(folder), "--db", db)
    assert fixed.exit_code == 0 and "1 documents stored" in fixed.output  # the fixed file, by its new id


def test_globs_pick_files(tmp_path):
    folder = write_articles(tmp_path / "in")
    db = str(tmp_path / "s.duckdb")
    assert _ingest(str(folder / "bg_*.txt"), "--db", db).exit_code == 0
    assert _table_counts(db)["documents"] == sum(name.startswith("bg_") for name in ARTICLES)


def test_default_store_comes_from_the_environment(tmp_path, monkeypatch):
    folder = write_articles(tmp_path / "in")
    monkeypatch.setenv("LETOPIS_DB", str(tmp_path / "env.duckdb"))
    assert _ingest(str(folder / "en_port.txt")).exit_code == 0
    assert (tmp_path / "env.duckdb").exists()


def test_no_text_keeps_rows_but_not_the_text(tmp_path):
    folder = write_articles(tmp_path / "in")
    db = str(tmp_path / "s.duckdb")
    assert _ingest(str(folder), "--db", db, "--no-text").exit_code == 0
    with reading(db) as con:
        assert con.execute("SELECT count(*), count(text), min(chars) FROM documents").fetchone()[:2] == (len(ARTICLES), 0)


def test_records_from_extract_go_in_as_they_are(tmp_path):
    folder = write_articles(tmp_path / "in")
    out = CliRunner().invoke(main, ["extract", "--with-text", "--no-progress", str(folder)])
    (tmp_path / "records.jsonl").write_text(out.stdout + "{not a record}\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    result = _ingest("--records", str(tmp_path / "records.jsonl"), "--db", db)
    assert result.exit_code == 1  # the broken line
    with reading(db) as con:
        assert con.execute("SELECT status, count(*) FROM documents GROUP BY 1 ORDER BY 1").fetchall() == [
            ("failed", 1), ("processed", len(ARTICLES))]


def test_a_file_that_is_no_store_is_a_clear_error(tmp_path):
    (tmp_path / "not.duckdb").write_text("hello", encoding="utf-8")
    folder = write_articles(tmp_path / "in")
    result = _ingest(str(folder), "--db", str(tmp_path / "not.duckdb"))
    assert result.exit_code == 2 and "cannot open the store" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("source", "url", "outlet"),
    [
        ("https://www.bta.bg/bg/news/1", None, "bta.bg"),
        ("feed:item:7", "http://dnevnik.bg/x", "dnevnik.bg"),
        ("/data/a.txt", None, "/data/a.txt"),
    ],
)
def test_outlet(source, url, outlet):
    assert outlet_of(source, url) == outlet


def test_store_opens_in_plain_duckdb(tmp_path):
    folder = write_articles(tmp_path / "in")
    db = str(tmp_path / "s.duckdb")
    _ingest(str(folder), "--db", db)
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
    con.close()


def test_compact_keeps_everything_and_readers_of_the_old_file(tmp_path):
    from letopis.store.db import compact, connect, free_space

    folder = write_articles(tmp_path / "in")
    db = str(tmp_path / "s.duckdb")
    for name in sorted(ARTICLES):  # one run per file: many commits, some freed blocks
        _ingest(str(folder / name), "--db", db, "--batch", "1")
    before = _table_counts(db)
    old = connect(db, read_only=True)
    assert compact(db, force=True) is True
    assert old.execute("SELECT count(*) FROM documents").fetchone()[0] == len(ARTICLES)  # still readable
    old.close()
    assert _table_counts(db) == before
    assert free_space(db)[0] == 0
    assert not (tmp_path / "s.duckdb.compact").exists()
    with reading(db) as con:
        assert con.execute("SELECT count(*) FROM errors").fetchone() == (0,)


def test_lone_surrogates_do_not_break_a_batch(tmp_path):
    """JSON input may carry an escaped lone surrogate; DuckDB stores UTF-8 only. It is stored as '?'."""
    from letopis.store.writer import ingest_records
    from tests.integration.store_data import filler, record

    bad = record(filler(40, "x") + " \udc80 end", "2025-11-01")
    db = str(tmp_path / "s.duckdb")
    stats = ingest_records([bad, record(filler(40, "y"))], db)
    assert stats.documents == 2
    with reading(db) as con:
        (text,) = con.execute("SELECT text FROM documents WHERE id = ?", [bad.id]).fetchone()
    assert text.endswith(" ? end\n") or text.endswith(" ? end")
    assert len(text) == len(bad.text)
