"""The sample corpus (examples/corpus) keeps its promises, and the walkthrough generator runs.

Checks are on presence (a root code, a speaker, a dyad row), never on exact figures, so that engine
improvements do not break them; the corpus's own facts (13 documents, one copy, one Windows-1251 page) are
exact because they do not depend on the engine.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pytest
from click.testing import CliRunner

from letopis.cli import main
from letopis.store.db import reading
from tests.conftest import ROOT

CORPUS = ROOT / "examples" / "corpus"
DOCUMENTS = 13  # the corpus README's table: 5 seed-format files, 4 JSONL lines, 1 page, 3 feed items (2 are pages)


def _cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The corpus ingested twice into a fresh store: (path, first run's output, second run's output)."""
    db = str(tmp_path_factory.mktemp("walk") / "corpus.duckdb")
    first = _cli("ingest", "--no-progress", str(CORPUS), "--db", db)
    assert first.exit_code == 0, first.output
    again = _cli("ingest", "--no-progress", str(CORPUS), "--db", db)
    assert again.exit_code == 0, again.output
    return db, first.output, again.output


def _rows(db: str, sql: str, *params: object) -> list[tuple]:
    with reading(db) as con:
        return con.execute(sql, list(params)).fetchall()


def test_every_document_read_without_errors(store):
    db, first, _ = store
    assert f"{DOCUMENTS} documents stored" in first
    rows = _rows(db, "SELECT status, error, language FROM documents")
    assert len(rows) == DOCUMENTS
    assert [r for r in rows if r[0] == "failed" or r[1]] == []
    assert {r[2] for r in rows} == {"bg", "en", "ru"}


def test_reingest_adds_nothing(store):
    db, _, again = store
    assert "0 documents stored" in again and "0 new events" in again
    assert _rows(db, "SELECT count(*) FROM documents") == [(DOCUMENTS,)]


@pytest.mark.parametrize(("name", "date", "words"), [
    # Windows-1251 bytes, declared by <meta charset>: read as Cyrillic, not as mojibake.
    ("html/2025-12-08-energy-strikes.html", "2025-12-08", ["енергийната инфраструктура", "Зеленски"]),
    ("feed/2025-12-20-prisoner-exchange.html", "2025-12-20", ["обмен военнопленными"]),
    ("feed/2025-12-22-coale-minsk.html", "2025-12-22", ["Джон Коул"]),
])
def test_pages_decoded(store, name, date, words):
    db, _, _ = store
    rows = _rows(db, "SELECT strftime(date, '%Y-%m-%d'), text FROM documents WHERE source LIKE ?", f"%{name}")
    assert len(rows) == 1, rows
    day, text = rows[0]
    assert day == date
    assert all(w in text for w in words), text[:200]
    assert "\ufffd" not in text and "Ð" not in text


def test_feed_item_with_its_own_text(store):
    db, _, _ = store
    rows = _rows(db, "SELECT strftime(date, '%Y-%m-%d'), text FROM documents WHERE source = ?",
                 "letopis-example-2025-12-16-radev")
    assert len(rows) == 1
    assert rows[0][0] == "2025-12-16" and "Румен Радев" in rows[0][1]


def test_republished_copy_is_a_duplicate(store):
    db, _, _ = store
    rows = dict(_rows(db, "SELECT regexp_extract(source, '(agency|republished)'), id || '|' || status || '|' || "
                          "coalesce(duplicate_of, '') FROM documents WHERE source LIKE '%belarus-prisoners-%'"))
    agency_id, agency_status, _ = rows["agency"].split("|")
    _, copy_status, copy_of = rows["republished"].split("|")
    assert (agency_status, copy_status, copy_of) == ("processed", "duplicate", agency_id)


def test_events_of_several_roots(store):
    db, _, _ = store
    roots = {r[0] for r in _rows(db, "SELECT DISTINCT root_code FROM events")}
    assert len(roots) >= 3, roots


def test_copy_mentions_count_for_the_original(store):
    """The copy's event mentions are stored (it was processed) but as the original article's, so a
    syndicated story is not counted twice."""
    db, _, _ = store
    rows = _rows(db, "SELECT d.source LIKE '%agency%', m.article_id = c.duplicate_of FROM event_mentions m "
                     "JOIN documents c ON c.id = m.document_id JOIN documents d ON d.id = m.article_id "
                     "WHERE c.status = 'duplicate'")
    assert rows and all(is_agency and same for is_agency, same in rows), rows


def test_quotes_with_speakers(store):
    db, _, _ = store
    rows = _rows(db, "SELECT DISTINCT q.document_id, d.language FROM quotes q JOIN documents d ON d.id = q.document_id "
                     "WHERE q.speaker_name IS NOT NULL")
    assert len(rows) >= 5
    assert {lang for _, lang in rows} >= {"bg", "en"}


def test_dyad_has_rows(store):
    db, _, _ = store
    result = _cli("dyad", "BLR", "USA", "--by", "week", "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(re.fullmatch(r"2025-W5[0-2]", str(r["period"])) for r in rows), rows


def _generator():
    spec = importlib.util.spec_from_file_location("gen_walkthrough", ROOT / "tools" / "gen_walkthrough.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def _commands(page: str) -> list[str]:
    """The commands shown in a page, the id given to `show` left out (it is a hash of the page's text)."""
    return [re.sub(r"^(\$ letopis show )[0-9a-f]+", r"\1ID", c) for c in re.findall(r"^\$ letopis .*$", page, flags=re.M)]


def test_walkthrough_generates_and_is_current(tmp_path):
    """Every command of the page runs; the page shows no temporary path; docs/walkthrough.md shows the
    commands the generator runs now (its outputs may lag behind the engine; its commands may not)."""
    gen = _generator()
    page = tmp_path / "walkthrough.md"
    assert gen.generate(page) == []
    text = page.read_text(encoding="utf-8")
    assert str(tmp_path) not in text and "/tmp/" not in text and "letopis-walk-" not in text
    commands = _commands(text)
    for name in ("demo", "extract", "ingest", "watch", "stats", "events", "quotes", "entities", "dyad", "show", "sql",
                 "export", "eval"):
        assert any(c.startswith(f"$ letopis {name} ") or c == f"$ letopis {name}" for c in commands), name
    shipped = (ROOT / "docs" / "walkthrough.md").read_text(encoding="utf-8")
    assert _commands(shipped) == commands, \
        "docs/walkthrough.md is out of date: run python tools/gen_walkthrough.py"
