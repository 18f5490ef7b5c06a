"""Exports of what the real pipeline makes of the seed, and of a store kept without texts."""

from __future__ import annotations

import json

import msgspec
import pytest
from click.testing import CliRunner

from letopis.cli import main
from letopis.model import DocumentRecord
from letopis.store import db as storedb
from letopis.store import gdelt
from letopis.store.export import export
from letopis.store.writer import ingest_records
from tests.integration import export_seed


def _lines(path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def test_pipeline_record_exports_in_every_format(seed_record, tmp_path):
    store = tmp_path / "s.duckdb"
    ingest_records([seed_record], store)
    with storedb.reading(store) as con:
        for fmt in ("gdelt-events", "gdelt-mentions", "gkg", "jsonl"):
            export(con, fmt, tmp_path / fmt)
        export(con, "parquet", tmp_path / "pq")
    events, mentions, gkg = (_lines(tmp_path / f) for f in ("gdelt-events", "gdelt-mentions", "gkg"))
    assert len(events) <= len(seed_record.events) == len(mentions)
    assert all(len(r) == 61 for r in events) and all(len(r) == 16 for r in mentions)
    assert len(gkg) == 1 and len(gkg[0]) == 27
    persons = {e.name.lower() for e in seed_record.entities if e.type == "PERSON" and
               any(m.kind == "name" for m in e.mentions)}
    assert set(filter(None, gkg[0][11].split(";"))) == persons
    assert gkg[0][16].count("#") == 4 * len([d for d in seed_record.dates if gdelt.period_start(d.value)])
    record = msgspec.json.decode((tmp_path / "jsonl").read_bytes(), type=DocumentRecord)
    assert record.text is None  # as extract prints it without --with-text
    assert [(q.start, q.text) for q in record.quotes] == [(q.start, q.text) for q in seed_record.quotes]
    assert sorted((e.id, len(e.mentions)) for e in record.entities) == sorted(
        (e.id, len(e.mentions)) for e in seed_record.entities if e.mentions)


@pytest.fixture(scope="module")
def textless_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("notext") / "s.duckdb"
    ingest_records([export_seed.seed_record()], path, store_text=False)
    return path


def test_store_without_text(textless_store, tmp_path):
    with storedb.reading(textless_store) as con:
        export(con, "gdelt-events", tmp_path / "e")
        export(con, "gdelt-mentions", tmp_path / "m")
        export(con, "jsonl", tmp_path / "j", with_text=True)
    roots = [row[25] for row in _lines(tmp_path / "e")]
    assert roots == ["1", "0", "0", "0", "0"]  # without the text, the document's first event is its root
    mentions = _lines(tmp_path / "m")
    assert {row[6] for row in mentions} == {"1"} and {row[12] for row in mentions} == {"2633"}
    assert json.loads((tmp_path / "j").read_text(encoding="utf-8")).get("text") is None


def test_cli_with_text(tmp_path):
    store = tmp_path / "t.duckdb"
    ingest_records([export_seed.seed_record()], store)
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(main, ["export", "--db", str(store), "--format", "jsonl", "--with-text", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["text"].startswith("Беларуският президент")
