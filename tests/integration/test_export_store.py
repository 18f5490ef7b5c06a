"""Exports of a real store (built with the writer from hand-made records): GDELT files that a reader following
the published column lists loads unchanged, date windows, Parquet datasets, JSONL records and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import msgspec
import pytest
from click.testing import CliRunner

from letopis.cli import main
from letopis.model import (
    ActorRef,
    DocumentRecord,
    Event,
    Evidence,
    Tone,
    document_id,
    failed_record,
)
from letopis.store import db as storedb
from letopis.store import gdelt
from letopis.store.export import export
from letopis.store.writer import ingest_records
from tests.integration.export_seed import seed_record

DUCK_TYPES = {"INTEGER": "BIGINT", "FLOAT": "DOUBLE", "STRING": "VARCHAR"}
FIPS = re.compile(r"[A-Z]{2}")


def _english_record() -> DocumentRecord:
    text = "The Serbian government protested on Monday. Officials in Belgrade said talks would go on."
    ev = Event(source=ActorRef("SRBGOV", "Serbian government"), target=None, code="141", root_code="14",
               quad_class=4, goldstein=-6.5, plover="PROTEST", date="2025-11", background=False, place=None,
               evidence=Evidence(0, 43, text[:43], "protested"), rule="test", confidence=0.8)
    return DocumentRecord(id=document_id("2025-11-03", text), source="/data/en/serbia.txt", date="2025-11-03",
                          language="en", entities=[], quotes=[], events=[ev], counts=[], dates=[], places=[],
                          tone=Tone(-2.0, 1.0, 3.0, 4.0, 10.0, 0.0, 15), errors=[], text=text)


def _syndicated_copy(rec: DocumentRecord) -> DocumentRecord:
    """The seed as another outlet ran it: the same body with a byline, so it is stored as a duplicate."""
    text = rec.text + "\n\nБТА"
    return msgspec.structs.replace(rec, id=document_id(rec.date, text), source="https://other.example.com/a/1",
                                   text=text)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "letopis.duckdb"
    seed = seed_record()
    records = [seed, _english_record(), _syndicated_copy(seed), failed_record("/data/broken.bin", "binary file")]
    stats = ingest_records(records, path)
    assert (stats.processed, stats.duplicates, stats.failed) == (2, 1, 1)
    return path


def _export(store: Path, fmt: str, out: Path, since=None, until=None, with_text=True) -> dict[str, int]:
    with storedb.reading(store) as con:
        return export(con, fmt, out, since, until, with_text)


def _own_columns(table: str) -> dict[str, str]:
    return {name: DUCK_TYPES[typ] for name, typ in gdelt.columns(table)}


def _shared_columns(shared: Path, table: str) -> dict[str, str]:
    base = shared / "data" / "gdelt"
    if table == "events":
        path = base / "gdeltPyR__utils_schema_csvs_GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"
        with open(path, encoding="utf-8") as fh:
            return {r[0]: DUCK_TYPES[r[1]] for r in list(csv.reader(fh))[1:]}
    name = {"mentions": "eventMentions", "gkg": "gdeltKnowledgeGraph"}[table]
    path = base / f"gdeltPyR__utils_schema_csvs_GDELT_2.0_{name}_Column_Labels_Header_Row_Sep2016.tsv"
    with open(path, encoding="utf-8") as fh:
        return {r[1]: DUCK_TYPES[r[2]] for r in list(csv.reader(fh, delimiter="\t"))[1:]}


def _load(path: Path, cols: dict[str, str]) -> list[dict]:
    """Load a GDELT file as a reader that follows the codebook would: tab-separated, no header, typed columns."""
    con = duckdb.connect()
    rel = con.sql("SELECT * FROM read_csv(?, delim='\t', header=false, quote='', columns=?)" ,
                  params=[str(path), cols])
    names = rel.columns
    return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


@pytest.fixture(scope="module")
def exported(store, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    paths = {"gdelt-events": out / "events.tsv", "gdelt-mentions": out / "mentions.tsv", "gkg": out / "gkg.tsv",
             "jsonl": out / "records.jsonl", "parquet": out / "parquet"}
    for fmt, path in paths.items():
        _export(store, fmt, path)
    return paths


def _check_events(rows: list[dict]) -> None:
    assert len(rows) == 6  # five seed events (the copy's join them) and the English one
    for r in rows:
        assert len(r) == 61
        assert isinstance(r["GLOBALEVENTID"], int) and r["GLOBALEVENTID"] > 0
        day = dt.datetime.strptime(str(r["SQLDATE"]), "%Y%m%d").date()
        assert r["MonthYear"] == day.year * 100 + day.month and r["Year"] == day.year
        assert int(r["FractionDate"]) == day.year
        dt.datetime.strptime(str(r["DATEADDED"]), "%Y%m%d%H%M%S")
        assert isinstance(r["GoldsteinScale"], float) and isinstance(r["AvgTone"], float)
        assert r["QuadClass"] in (1, 2, 3, 4) and r["EventCode"].startswith(r["EventRootCode"])
        for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
            if r[f"{geo}_Type"]:
                assert FIPS.fullmatch(r[f"{geo}_CountryCode"]), r
                assert isinstance(r[f"{geo}_Lat"], float)
            else:
                assert r[f"{geo}_CountryCode"] is None
    by_code = {r["EventCode"]: r for r in rows}
    lead = by_code["013"]
    assert (lead["NumMentions"], lead["NumArticles"], lead["NumSources"]) == (2, 1, 1)  # the copy is a mention
    assert lead["Actor1Geo_CountryCode"] == "BO" and lead["IsRootEvent"] == 1 and lead["SQLDATE"] == 20251217
    assert by_code["190"]["SQLDATE"] == 20220101  # background: its own year, first day
    assert by_code["141"]["SQLDATE"] == 20251101 and by_code["141"]["SOURCEURL"] == "/data/en/serbia.txt"


def test_events_load_with_our_column_list(exported):
    _check_events(_load(exported["gdelt-events"], _own_columns("events")))


@pytest.mark.shared
def test_events_load_with_the_codebook_column_list(exported, shared):
    cols = _shared_columns(shared, "events")
    assert len(cols) == 61
    _check_events(_load(exported["gdelt-events"], cols))


def _check_mentions(mentions: list[dict], events: list[dict]) -> None:
    assert len(mentions) == 11  # 5 + 5 (the syndicated copy) + 1
    ids = {e["GLOBALEVENTID"]: e for e in events}
    for m in mentions:
        assert len(m) == 16
        event = ids[m["GLOBALEVENTID"]]
        assert m["EventTimeDate"] == event["DATEADDED"]
        assert m["MentionType"] in (1, 2) and m["InRawText"] == 1 and 0 <= m["Confidence"] <= 100
        assert m["SentenceID"] >= 1 and m["ActionCharOffset"] >= 0 and isinstance(m["MentionDocTone"], float)
    sources = {m["MentionIdentifier"] for m in mentions}
    assert sources == {"https://www.example.bg/news/995f112f", "https://other.example.com/a/1", "/data/en/serbia.txt"}
    english = [m for m in mentions if m["MentionType"] == 2]
    assert english[0]["MentionSourceName"] == "serbia.txt" and english[0]["MentionDocTranslationInfo"] is None
    assert {m["MentionDocTranslationInfo"] for m in mentions if m["MentionType"] == 1} == {"srclc:bul;eng:letopis-native"}


def test_mentions_load_and_join_the_events(exported):
    events = _load(exported["gdelt-events"], _own_columns("events"))
    _check_mentions(_load(exported["gdelt-mentions"], _own_columns("mentions")), events)


@pytest.mark.shared
def test_mentions_load_with_the_codebook_column_list(exported, shared):
    events = _load(exported["gdelt-events"], _shared_columns(shared, "events"))
    cols = _shared_columns(shared, "mentions")
    assert len(cols) == 16
    _check_mentions(_load(exported["gdelt-mentions"], cols), events)


def _check_gkg(rows: list[dict]) -> None:
    assert len(rows) == 3  # the failed document has no GKG record
    for r in rows:
        assert len(r) == 27
        assert re.fullmatch(r"\d{14}-T?\d+", r["GKGRECORDID"])
        dt.datetime.strptime(str(r["DATE"]), "%Y%m%d%H%M%S")
        tone = r["V2Tone"].split(",")
        assert len(tone) == 7 and all(isinstance(float(x), float) for x in tone)
        for entry in (r["V2Locations"] or "").split(";") if r["V2Locations"] else []:
            parts = entry.split("#")
            assert len(parts) == 9 and FIPS.fullmatch(parts[2]) and int(parts[8]) >= 0
        for entry in r["V2Counts"].split(";") if r["V2Counts"] else []:
            assert len(entry.split("#")) == 11
        for entry in r["Quotations"].split("#") if r["Quotations"] else []:
            assert len(entry.split("|")) == 4
    seed = next(r for r in rows if r["DocumentIdentifier"] == "https://www.example.bg/news/995f112f")
    assert seed["DATE"] == 20251218000000 and seed["SourceCommonName"] == "example.bg"
    assert seed["Persons"] == "alexander lukashenko;john coale"
    assert seed["Amounts"] == "1000,демонстранти,769;123,задържани лица,1941"
    english = next(r for r in rows if r["DocumentIdentifier"] == "/data/en/serbia.txt")
    assert english["SourceCollectionIdentifier"] == 2 and english["TranslationInfo"] is None


def test_gkg_loads_with_our_column_list(exported):
    _check_gkg(_load(exported["gkg"], _own_columns("gkg")))


@pytest.mark.shared
def test_gkg_loads_with_the_codebook_column_list(exported, shared):
    cols = _shared_columns(shared, "gkg")
    assert len(cols) == 27
    _check_gkg(_load(exported["gkg"], cols))


def test_python_csv_reads_the_same_rows(exported):
    for fmt, width in [("gdelt-events", 61), ("gdelt-mentions", 16), ("gkg", 27)]:
        with open(exported[fmt], encoding="utf-8", newline="") as fh:
            widths = {len(row) for row in csv.reader(fh, delimiter="\t")}
        assert widths == {width}, fmt


@pytest.mark.parametrize(
    "fmt, since, until, expected",
    [
        ("gdelt-events", "2025-01-01", None, {"013", "057", "0841", "141"}),
        ("gdelt-events", None, "2022", {"173", "190"}),  # background events keep their own years
        ("gdelt-events", "2025-12", "2025-12", {"013", "057", "0841"}),
        ("gdelt-events", "2025-W50", "2025-W50", {"057"}),
        ("gdelt-mentions", "2025-11-01", "2025-11-30", {"english"}),
        ("gdelt-mentions", "2025-12-01", None, {"seed", "copy"}),
        ("gkg", "2025-12-18", "2025-12-18", {"seed", "copy"}),
        ("jsonl", None, "2025-11-30", {"english"}),
    ],
)
def test_since_and_until(store, tmp_path, fmt, since, until, expected):
    out = tmp_path / "out"
    _export(store, fmt, out, since, until)
    lines = out.read_text(encoding="utf-8").splitlines()
    names = {"https://www.example.bg/news/995f112f": "seed", "https://other.example.com/a/1": "copy",
             "/data/en/serbia.txt": "english"}
    if fmt == "gdelt-events":
        got = {line.split("\t")[26] for line in lines}
    elif fmt == "gdelt-mentions":
        got = {names[line.split("\t")[5]] for line in lines}
    elif fmt == "gkg":
        got = {names[line.split("\t")[4]] for line in lines}
    else:
        got = {names[json.loads(line)["source"]] for line in lines}
    assert got == expected


def test_parquet_datasets_are_partitioned_by_day(exported, store):
    root = exported["parquet"]
    assert {p.name for p in root.iterdir()} == {"documents", "events", "event_mentions", "mentions", "quotes",
                                                  "counts", "dates", "places", "entities"}
    assert {p.name for p in (root / "events").iterdir()} >= {"dt=2020-01-01", "dt=2022-01-01", "dt=2025-12-17"}
    con = duckdb.connect()
    with storedb.reading(store) as sc:
        for table in ("documents", "events", "event_mentions", "mentions", "places"):
            stored = sc.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            got = con.execute("SELECT count(*) FROM read_parquet(?, hive_partitioning=true)",
                              [str(root / table / "**" / "*.parquet")]).fetchone()[0]
            assert got == stored, table
    row = con.execute("SELECT min(dt), typeof(min(dt)) FROM read_parquet(?, hive_partitioning=true)",
                      [str(root / "events" / "**" / "*.parquet")]).fetchone()
    assert row == (dt.date(2020, 1, 1), "DATE")
    n = con.execute("SELECT count(*) FROM read_parquet(?)", [str(root / "entities" / "entities.parquet")]).fetchone()
    assert n[0] == 6


def test_jsonl_rebuilds_the_document_records(exported):
    lines = exported["jsonl"].read_text(encoding="utf-8").splitlines()
    records = [msgspec.json.decode(line, type=DocumentRecord) for line in lines]
    assert len(records) == 4
    original = seed_record()
    got = next(r for r in records if r.id == original.id)
    assert got.entities == original.entities
    assert got.quotes == original.quotes and got.counts == original.counts
    assert got.dates == sorted(original.dates, key=lambda d: d.start)  # dates and counts come back by offset
    assert got.tone == original.tone and got.title == original.title and got.text == original.text
    assert sorted(got.places, key=lambda p: p.name) == sorted(original.places, key=lambda p: p.name)
    assert got.events[:4] == original.events[:4]
    # The store keeps the document's date for an event without its own: the one difference.
    assert original.events[4].date is None and got.events[4].date == "2025-12-18"
    assert msgspec.structs.replace(got.events[4], date=None) == original.events[4]
    failed = next(r for r in records if r.source == "/data/broken.bin")
    assert failed.errors == ["binary file"] and failed.events == []


def test_cli_export(store, tmp_path):
    out = tmp_path / "events.tsv"
    result = CliRunner().invoke(main, ["export", "--db", str(store), "--format", "gdelt-events",
                                       "--since", "2025-12-01", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert "3 events" in result.output


def test_cli_export_to_standard_output(store):
    result = CliRunner().invoke(main, ["export", "--db", str(store), "--format", "gkg", "--until", "2025-11", "-"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and len(lines[0].split("\t")) == 27 and "/data/en/serbia.txt" in lines[0]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "gkg", "--since", "yesterday", "-"], "not a date"),
        (["--format", "parquet", "-"], "folder"),
    ],
)
def test_cli_export_refuses_bad_input(store, args, message):
    result = CliRunner().invoke(main, ["export", "--db", str(store), *args])
    assert result.exit_code != 0 and message in result.output


def test_cli_export_without_a_store(tmp_path):
    result = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "none.duckdb"), "--format", "gkg", "-"])
    assert result.exit_code == 1 and "no store" in result.output
