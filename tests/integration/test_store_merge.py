"""Merging event mentions into events, and what merged events count (docs/store.md, "Merging")."""

from __future__ import annotations

import datetime as dt

import pytest

from letopis.store.db import reading
from letopis.store.merge import date_interval, nested
from letopis.store.writer import ingest_records
from tests.integration.store_data import event, filler, record

D = dt.date


@pytest.mark.parametrize(
    ("value", "interval"),
    [
        ("2025-12-18", (D(2025, 12, 18), D(2025, 12, 18))),
        ("2025-W51", (D(2025, 12, 15), D(2025, 12, 21))),
        ("2025-12", (D(2025, 12, 1), D(2025, 12, 31))),
        ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        ("2025", (D(2025, 1, 1), D(2025, 12, 31))),
        ("2025-02-30", None),
        ("2025-W54", None),
        ("last week", None),
        (None, None),
    ],
)
def test_date_interval(value, interval):
    assert date_interval(value) == interval


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("2025-12-18", "2025-12-18", True),
        ("2025-12-18", "2025-12", True),
        ("2025-W51", "2025-12-18", True),
        ("2025", "2025-W51", True),
        ("2025-12-18", "2025-12-19", False),
        ("2025-W01", "2025-01", False),  # 2024-12-30 .. 2025-01-05 straddles two months
        ("2025-11", "2025-12", False),
        (None, None, True),
        (None, "2025-12", False),
    ],
)
def test_nested(a, b, agree):
    assert nested(date_interval(a), date_interval(b)) is agree
    assert nested(date_interval(b), date_interval(a)) is agree


def _store(tmp_path, records, batch_size=100):
    db = str(tmp_path / "m.duckdb")
    ingest_records(records, db, batch_size=batch_size)
    return db


def _events(db):
    with reading(db) as con:
        cur = con.execute("SELECT * FROM events ORDER BY event_id")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


# Two mentions in two articles from two outlets: (first, second, merged?)
CASES = [
    ("same everything", event("BGRGOV", "GRCGOV", "036"), event("BGRGOV", "GRCGOV", "036"), True),
    ("code refines", event("BGRGOV", "GRCGOV", "03"), event("BGRGOV", "GRCGOV", "036"), True),
    ("sibling codes", event("BGRGOV", "GRCGOV", "0841"), event("BGRGOV", "GRCGOV", "0842"), False),
    ("other root", event("BGRGOV", "GRCGOV", "036"), event("BGRGOV", "GRCGOV", "040"), False),
    ("swapped actors", event("BGRGOV", "GRCGOV", "036"), event("GRCGOV", "BGRGOV", "036"), False),
    ("missing target both", event("BGRGOV", None, "141"), event("BGRGOV", None, "141"), True),
    ("missing target one", event("BGRGOV", None, "141"), event("BGRGOV", "GRC", "141"), False),
    ("day in month", event("SRB", "KOS", "040", "2025-11-04"), event("SRB", "KOS", "040", "2025-11"), True),
    ("day in week", event("SRB", "KOS", "040", "2025-11-04"), event("SRB", "KOS", "040", "2025-W45"), True),
    ("other day", event("SRB", "KOS", "040", "2025-11-04"), event("SRB", "KOS", "040", "2025-11-05"), False),
    ("same place", event("SRB", "KOS", "040", place=("Brussels", "BEL")),
     event("SRB", "KOS", "040", place=("brussels", "BEL")), True),
    ("place and none", event("SRB", "KOS", "040", place=("Brussels", "BEL")), event("SRB", "KOS", "040"), True),
    ("other place", event("SRB", "KOS", "040", place=("Brussels", "BEL")),
     event("SRB", "KOS", "040", place=("Pristina", "KOS")), False),
]


@pytest.mark.parametrize(("name", "first", "second", "merged"), CASES, ids=[c[0] for c in CASES])
def test_merge_rule(tmp_path, name, first, second, merged):
    t1, t2 = filler(60, "a"), filler(60, "b")
    db = _store(tmp_path, [record(t1, "2025-11-04", "one.txt", [first]), record(t2, "2025-11-04", "two.txt", [second])])
    rows = _events(db)
    assert len(rows) == (1 if merged else 2)
    if merged:
        ev = rows[0]
        assert (ev["num_mentions"], ev["num_articles"], ev["num_sources"]) == (2, 2, 2)
        assert ev["code"] == max(first.code, second.code, key=len)


def test_merged_event_keeps_narrowest_date_first_place_and_specific_code(tmp_path):
    t = [filler(60, s) for s in "abc"]
    db = _store(tmp_path, [
        record(t[0], "2025-11-20", "a.txt", [event("SRB", "KOS", "04", "2025-11")]),
        record(t[1], "2025-11-21", "b.txt", [event("SRB", "KOS", "040", "2025-11-04", place=("Brussels", "BEL"))]),
        record(t[2], "2025-11-22", "c.txt", [event("SRB", "KOS", "04", "2025-W45", place=("Brussels", "BEL"),
                                                  background=True)]),
    ])
    (ev,) = _events(db)
    assert (ev["date"], ev["date_start"], ev["date_end"]) == ("2025-11-04", D(2025, 11, 4), D(2025, 11, 4))
    assert (ev["code"], ev["root_code"], ev["place_name"], ev["place_country"]) == ("040", "04", "Brussels", "BEL")
    assert (ev["first_seen"], ev["last_seen"]) == (D(2025, 11, 20), D(2025, 11, 22))
    assert ev["background"] is False  # only some mentions are background
    assert ev["num_articles"] == 3


def test_undated_event_takes_document_date(tmp_path):
    t1, t2 = filler(60, "a"), filler(60, "b")
    db = _store(tmp_path, [
        record(t1, "2025-11-04", "a.txt", [event("SRB", "KOS", "040")]),
        record(t2, "2025-11-05", "b.txt", [event("SRB", "KOS", "040")]),
        record(filler(60, "c"), "2025-11-05", "c.txt", [event("SRB", "KOS", "040", "2025-11-04")]),
    ])
    assert [(e["date"], e["num_articles"]) for e in _events(db)] == [("2025-11-04", 2), ("2025-11-05", 1)]


def test_same_outlet_counts_one_source(tmp_path):
    t1, t2 = filler(60, "a"), filler(60, "b")
    db = _store(tmp_path, [
        record(t1, "2025-11-04", "https://www.bta.bg/news/1", [event("SRB", "KOS", "040")]),
        record(t2, "2025-11-04", "https://bta.bg/news/2", [event("SRB", "KOS", "040"), event("SRB", "KOS", "040")]),
    ])
    (ev,) = _events(db)
    assert (ev["num_mentions"], ev["num_articles"], ev["num_sources"]) == (3, 2, 1)


def test_syndicated_copy_is_not_counted_twice(tmp_path):
    body = filler(200, "report")
    copy = "Източник: агенция\n" + body + " (агенция)"
    other = filler(80, "other")
    ev = event("BGRGOV", "GRCGOV", "036", "2025-11-03")
    db = _store(tmp_path, [
        record(body, "2025-11-03", "https://bta.bg/a", [ev]),
        record(copy, "2025-11-03", "https://dnevnik.bg/b", [ev]),
        record(other, "2025-11-04", "https://segabg.com/c", [ev]),
    ])
    (row,) = _events(db)
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (3, 2, 2)
    with reading(db) as con:
        docs = dict(con.execute("SELECT source, status FROM documents").fetchall())
        dup_of, = con.execute("SELECT duplicate_of FROM documents WHERE status = 'duplicate'").fetchone()
        articles = con.execute(
            "SELECT d.source, m.article_id = d.id FROM event_mentions m JOIN documents d ON d.id = m.document_id "
            "ORDER BY d.source").fetchall()
    assert docs == {"https://bta.bg/a": "processed", "https://dnevnik.bg/b": "duplicate",
                    "https://segabg.com/c": "processed"}
    assert dup_of == record(body, "2025-11-03").id
    assert articles == [("https://bta.bg/a", True), ("https://dnevnik.bg/b", False), ("https://segabg.com/c", True)]


@pytest.mark.parametrize("batch_size", [1, 2, 100])
def test_merging_across_batches_and_runs(tmp_path, batch_size):
    texts = [filler(60, str(i)) for i in range(5)]
    recs = [record(t, "2025-11-04", f"{i}.txt", [event("SRB", "KOS", "040")]) for i, t in enumerate(texts)]
    db = str(tmp_path / "m.duckdb")
    ingest_records(recs[:3], db, batch_size=batch_size)
    stats = ingest_records(recs, db, batch_size=batch_size)  # a second run: 3 known, 2 new
    assert (stats.documents, stats.skipped, stats.new_events) == (2, 3, 0)
    (ev,) = _events(db)
    assert (ev["num_mentions"], ev["num_articles"]) == (5, 5)
