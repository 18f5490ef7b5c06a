"""The query commands on a small store: filters, formats, `show`, `stats` and the read-only `sql`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from letopis.cli import main
from letopis.store.writer import ingest_records
from tests.integration.store_data import ARTICLES, event, filler, record

SOFIA = ARTICLES["bg_sofia.txt"][1]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("q") / "q.duckdb")
    recs = [
        record(SOFIA, "2025-11-03", "https://www.bta.bg/1", [
            event("BGRGOV", "GRCGOV", "036", place=("Sofia", "BGR"), evidence=(0, 60), trigger="срещна"),
            event("BGR", None, "141", evidence=(340, 420)),
        ], tone=1.5, with_entities=True, title="Среща в София"),
        record(filler(60, "talks"), "2025-11-04", "https://n1info.rs/a", [
            event("SRB", "KOS", "040", place=("Brussels", "BEL")),
            event("KOS", "SRB", "111", "2025-11-04"),
        ], tone=-2.0),
        record(filler(60, "deal"), "2025-11-20", "https://koha.net/b", [
            event("SRB", "KOS", "057", "2025-11-20"),
            event("SRB", "KOS", "190", "2025-W40", background=True),
        ], tone=-1.0),
        record(filler(60, "again"), "2025-11-21", "https://rts.rs/c", [event("SRB", "KOS", "057", "2025-11")]),
    ]
    ingest_records(recs, path)
    return path


def run(*args: str, color: bool = False):
    result = CliRunner().invoke(main, list(args), color=color)
    assert "Traceback" not in result.output
    return result


def rows(db, *args: str):
    result = run(*args, "--db", db, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        ([], ["057", "040", "111", "036", "141", "190"]),
        (["--actor", "KOS"], ["057", "040", "111", "190"]),
        (["--actor", "greek"], ["036"]),
        (["--source", "KOS"], ["111"]),
        (["--target", "kosovo"], ["057", "040", "190"]),
        (["--code", "05"], ["057"]),
        (["--root", "14"], ["141"]),
        (["--quad", "3"], ["111", "141"]),
        (["--quad", "1", "--quad", "2"], ["057", "040", "036"]),
        (["--since", "2025-11-04"], ["057", "040", "111"]),
        (["--until", "2025-11-03"], ["036", "141", "190"]),
        (["--since", "2025-11-04", "--until", "2025-11-04"], ["040", "111"]),
        (["--since", "2025-W45", "--until", "2025-W45"], ["040", "111", "036", "141"]),
        (["--until", "2025-10"], ["190"]),
        (["--since", "2025"], ["057", "040", "111", "036", "141", "190"]),
        (["--country", "BEL"], ["040"]),
        (["--country", "grc"], ["036"]),
        (["--place", "sof"], ["036"]),
        (["--background"], ["190"]),
        (["--no-background", "--actor", "SRB"], ["057", "040", "111"]),
        (["--min-sources", "2"], ["057"]),
        (["--limit", "2"], ["057", "040"]),
        (["--actor", "'; DROP TABLE events; --"], []),
    ],
)
def test_events_filters(db, args, codes):
    assert [r["code"] for r in rows(db, "events", *args)] == codes


def test_merged_event_in_events(db):
    (ev,) = rows(db, "events", "--code", "057")
    assert (ev["date"], ev["mentions"], ev["articles"], ev["sources"]) == ("2025-11-20", 2, 2, 2)


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "jsonl"])
def test_events_formats(db, fmt):
    result = run("events", "--db", db, "--format", fmt, "--actor", "SRB")
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "table":
        assert out.splitlines()[0].split()[:3] == ["event_id", "date", "source"] and out.endswith("(4 rows)\n")
    elif fmt == "csv":
        table = list(csv.DictReader(io.StringIO(out)))
        assert [r["code"] for r in table] == ["057", "040", "111", "190"]
    elif fmt == "json":
        assert [r["code"] for r in json.loads(out)] == ["057", "040", "111", "190"]
    else:
        assert len(out.splitlines()) == 4


def test_quotes(db):
    (q,) = rows(db, "quotes", "--speaker", "greece")
    assert q["text"].startswith("Нашите страни") and q["verb"] == "заяви"
    assert rows(db, "quotes", "--speaker", "гърция") == [q]  # native name of the speaker's entity
    assert rows(db, "quotes", "--speaker", "nobody") == []
    table = run("quotes", "--db", db)
    assert table.exit_code == 0 and "Нашите страни" in table.stdout


def test_entities(db):
    names = [(e["name"], e["type"], e["documents"]) for e in rows(db, "entities")]
    assert names == [("Sofia", "LOCATION", 1), ("Greece", "COUNTRY", 0)]
    assert [e["name"] for e in rows(db, "entities", "--type", "country")] == ["Greece"]
    assert run("entities", "--db", db, "--type", "ANIMAL").exit_code == 2


def test_dyad(db):
    by_month = rows(db, "dyad", "SRB", "KOS")
    # The background event of 2025-W40 straddles September and October: it keeps its week as its period.
    assert [(r["period"], r["direction"], r["events"]) for r in by_month] == [
        ("2025-11", "KOS -> SRB", 1), ("2025-11", "SRB -> KOS", 2), ("2025-W40", "SRB -> KOS", 1)]
    nov = by_month[1]
    assert (nov["verbal_coop"], nov["material_coop"], nov["goldstein"]) == (2, 0, 2.25)
    by_week = rows(db, "dyad", "serbia", "kosovo", "--by", "week")
    assert [(r["period"], r["direction"]) for r in by_week] == [
        ("2025-W40", "serbia -> kosovo"), ("2025-W45", "kosovo -> serbia"), ("2025-W45", "serbia -> kosovo"),
        ("2025-W47", "serbia -> kosovo")]
    assert by_week[1]["tone"] == -2.0


def test_show_marks_and_lists(db):
    from letopis.model import document_id

    doc = document_id("2025-11-03", SOFIA)
    plain = run("show", doc[:8], "--db", db)
    assert plain.exit_code == 0, plain.output
    out = plain.stdout
    assert out.startswith(f"document {doc}") and "title    Среща в София" in out
    assert "[София]" in out and "{Нашите страни" in out and "<срещна>" in out
    assert "\x1b[" not in out
    assert "Events (2)" in out and "036 BGRGOV (Bulgarian government) -> GRCGOV (Greek government) at Sofia" in out
    coloured = run("show", doc[:8], "--db", db, "--colour", color=True)
    assert "1;36m" in coloured.stdout and "[София]" not in coloured.stdout
    as_json = json.loads(run("show", doc, "--db", db, "--format", "json").stdout)
    assert as_json["id"] == doc and len(as_json["events"]) == 2


@pytest.mark.parametrize(("prefix", "message"), [("zzzz", "no document id starts with"), ("", "give a document id")])
def test_show_unknown(db, prefix, message):
    result = run("show", prefix, "--db", db)
    assert result.exit_code == 2 and message in result.output


def test_show_ambiguous_prefix(tmp_path):
    from collections import Counter

    recs = [record(filler(40, str(i))) for i in range(17)]  # 17 ids, 16 hex digits: two share a first one
    path = str(tmp_path / "a.duckdb")
    ingest_records(recs, path)
    digit, n = Counter(r.id[0] for r in recs).most_common(1)[0]
    assert n > 1
    result = run("show", digit, "--db", path)
    assert result.exit_code == 2 and "more than one document id" in result.output


def test_stats(db):
    figures = {r["figure"]: r["value"] for r in rows(db, "stats")}
    assert figures["documents"] == 4 and figures["events"] == 6 and figures["event mentions"] == 7
    assert figures["quotes"] == 1 and figures["first document date"] == "2025-11-03"
    assert figures["bytes per event"] > 0


@pytest.mark.parametrize(
    "query",
    [
        "SELECT code, num_articles FROM events WHERE code = '057'",
        "WITH x AS (SELECT code, num_articles FROM events) SELECT * FROM x WHERE code = '057'",
    ],
)
def test_sql_reads(db, query):
    assert rows(db, "sql", query) == [{"code": "057", "num_articles": 2}]


@pytest.mark.parametrize("query", ["DESCRIBE events", "SHOW TABLES"])
def test_sql_describes(db, query):
    assert len(rows(db, "sql", query)) > 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("DELETE FROM events", "only read-only queries"),
        ("DROP TABLE events", "only read-only queries"),
        ("INSERT INTO meta VALUES ('a', 'b')", "only read-only queries"),
        ("COPY events TO '/tmp/x.csv'", "only read-only queries"),
        ("ATTACH '/tmp/other.duckdb'", "only read-only queries"),
        ("PRAGMA version", "only read-only queries"),
        ("SELECT 1; DELETE FROM events", "exactly one statement"),
        ("SELEC 1", "cannot parse"),
        ("SELECT * FROM read_csv('/etc/hostname')", "the query failed"),
    ],
)
def test_sql_refuses(db, query, message):
    result = run("sql", query, "--db", db)
    assert result.exit_code == 2 and message in result.output
    assert rows(db, "sql", "SELECT count(*) AS n FROM events") == [{"n": 6}]


def test_missing_store_is_a_clear_error(tmp_path):
    result = run("events", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 2 and "no store at" in result.output


@pytest.mark.parametrize(
    ("spans", "marked"),
    [
        ([(0, 5, "entity")], "[Русия] изрази подкрепа за Лукашенко"),
        ([(6, 21, "quote"), (13, 21, "entity")], "Русия {изрази [подкрепа]} за Лукашенко"),
        ([(0, 36, "evidence"), (6, 12, "trigger"), (6, 12, "trigger")], "Русия <изрази> подкрепа за Лукашенко"),
    ],
)
def test_highlight_brackets(spans, marked):
    from letopis.store.render import highlight

    assert highlight("Русия изрази подкрепа за Лукашенко", sorted(set(spans)), colour=False) == marked


def test_multiword_trigger_marks_each_word():
    from letopis.store.render import _spans

    text = "че отношенията между Минск и Вашингтон биха могли да се подобрят"
    doc = {"text": text, "entities": [], "quotes": [],
           "events": [{"start": 0, "end": len(text), "trigger": "отношенията подобрят"}] * 2}
    triggers = [text[s:e] for s, e, k in _spans(doc) if k == "trigger"]
    assert triggers == ["отношенията", "подобрят"]


def test_a_cut_list_says_so_on_standard_error(db):
    result = run("events", "--db", db, "--limit", "2", "--format", "csv")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3
    assert "the first 2 rows" in result.stderr
    assert "the first" not in run("events", "--db", db, "--limit", "0").stderr


@pytest.mark.parametrize("bad", ["2025-13-01", "last week", "11.2025"])
def test_dates_are_checked(db, bad):
    result = run("events", "--db", db, "--since", bad)
    assert result.exit_code == 2 and "is no date" in result.output
