"""Exports of the store: GDELT 2.0 Events and Mentions, GKG 2.1, Parquet datasets and JSONL document records.

``export(con, fmt, out, since, until)`` is the one entry point (the CLI calls it). The GDELT-style formats are
tab-separated files without a header, in the codebooks' column order, that a GDELT reader loads unchanged;
their rows come from ``gdelt.py`` and ``gkg.py``. Every value reaches SQL as a bound parameter.

``since``/``until`` (inclusive days) filter events and their mentions on the event's day (the first day of
its own date, else its first document's date), and documents on their publication date; a document without
a date is left out when either bound is given.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import duckdb
import msgspec

from letopis.errors import StoreError
from letopis.model import ActorRef, encode_json
from letopis.store import gdelt
from letopis.store.export_records import StoredDocument, iter_documents
from letopis.store.gkg import gkg_row

FORMATS = ("gdelt-events", "gdelt-mentions", "gkg", "parquet", "jsonl")
_BATCH = 2000


class Window(msgspec.Struct, frozen=True):
    """Inclusive day bounds; None leaves that side open."""

    since: dt.date | None = None
    until: dt.date | None = None

    def params(self) -> list[Any]:
        return [self.since, self.since, self.until, self.until]


ALL = Window()


# The day an event is filed under: its own date's first day, else its first document's date.
_EVENT_DAY = "coalesce(e.date_start, fd.date)"
_WINDOW_SQL = "(? IS NULL OR {day} >= ?) AND (? IS NULL OR {day} <= ?)"


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Iterator[tuple]:
    cur = con.cursor()
    try:
        cur.execute(sql, params)
        while batch := cur.fetchmany(_BATCH):
            yield from batch
    finally:
        cur.close()


# ---------------------------------------------------------------------------------------------------------
# Events and mentions
# ---------------------------------------------------------------------------------------------------------

_EVENTS_SQL = f"""
WITH first_mention AS (
    SELECT event_id, document_id, min(position) AS position, arg_min(evidence_start, position) AS evidence_start
    FROM event_mentions GROUP BY event_id, document_id
)
SELECT e.event_id, e.date, CAST(fd.date AS VARCHAR), e.source_code, e.source_name, e.target_code, e.target_name,
       e.code, e.quad_class, e.goldstein, e.num_mentions, e.num_sources, e.num_articles, e.avg_tone,
       e.place_name, e.place_country, e.lat, e.lon,
       (SELECT p.kind FROM places p WHERE p.document_id = e.first_document AND p.name = e.place_name LIMIT 1),
       (SELECT p.geonames_id FROM places p WHERE p.document_id = e.first_document AND p.name = e.place_name
        LIMIT 1),
       fd.ingested_at, coalesce(fd.url, fd.source, ''),
       CASE WHEN fd.text IS NULL THEN fm.position = 0
            ELSE len(regexp_extract_all(left(fd.text, fm.evidence_start), ?)) = 0 END
FROM events e
LEFT JOIN documents fd ON fd.id = e.first_document
LEFT JOIN first_mention fm ON fm.event_id = e.event_id AND fm.document_id = e.first_document
WHERE {_WINDOW_SQL.format(day=_EVENT_DAY)}
ORDER BY e.event_id
"""


def _actor(code: str | None, name: str | None) -> ActorRef | None:
    return ActorRef(code, name) if code or name else None


def iter_event_facts(con: duckdb.DuckDBPyConnection, window: Window = ALL) -> Iterator[gdelt.EventFacts]:
    """One ``EventFacts`` per merged event in the window, by event id."""
    for r in _rows(con, _EVENTS_SQL, [gdelt.SENTENCE_END, *window.params()]):
        (event_id, date, report_date, scode, sname, tcode, tname, code, quad, goldstein, n_mentions, n_sources,
         n_articles, tone, place_name, place_country, lat, lon, kind, geonames_id, added, url, is_root) = r
        geo = (gdelt.place_geo(place_name, place_country, lat, lon, kind, geonames_id) if place_name
               else gdelt.Geo())
        yield gdelt.EventFacts(
            event_id=event_id, date=date, report_date=report_date, source=_actor(scode, sname),
            target=_actor(tcode, tname), code=code, quad_class=quad or 0, goldstein=goldstein or 0.0,
            is_root=bool(is_root), num_mentions=n_mentions or 0, num_sources=n_sources or 0,
            num_articles=n_articles or 0, avg_tone=tone or 0.0, action_geo=geo,
            date_added=gdelt.timestamp(added), source_url=url,
        )


def _actor_offset_sql(entity_col: str) -> str:
    """Offset of the actor entity's mention inside the evidence, else the one nearest to it; -1 without."""
    return f"""coalesce((
        SELECT coalesce(min(x.start) FILTER (WHERE x.start >= m.evidence_start AND x.start < m.evidence_end),
                        arg_min(x.start, abs(x.start - m.evidence_start)))
        FROM mentions x WHERE x.document_id = m.document_id AND x.entity_id = m.{entity_col}), -1)"""


_MENTIONS_SQL = f"""
SELECT m.event_id, fd.ingested_at, d.ingested_at, coalesce(d.url, d.source, ''),
       1 + len(regexp_extract_all(left(coalesce(d.text, ''), m.evidence_start), ?)),
       {_actor_offset_sql("source_entity")}, {_actor_offset_sql("target_entity")},
       m.evidence_start + greatest(coalesce(strpos(m.evidence_text, m.trigger), 0) - 1, 0),
       m.confidence, coalesce(d.chars, length(d.text), 0), d.tone, d.language
FROM event_mentions m
JOIN events e ON e.event_id = m.event_id
JOIN documents d ON d.id = m.document_id
LEFT JOIN documents fd ON fd.id = e.first_document
WHERE {_WINDOW_SQL.format(day=_EVENT_DAY)}
ORDER BY d.ingested_at, m.document_id, m.position
"""


def iter_mention_facts(con: duckdb.DuckDBPyConnection, window: Window = ALL) -> Iterator[gdelt.MentionFacts]:
    """One ``MentionFacts`` per event mention whose event is in the window, in the order documents came in.
    The action offset is the trigger's place in the evidence (its start when the trigger is not found)."""
    for r in _rows(con, _MENTIONS_SQL, [gdelt.SENTENCE_END, *window.params()]):
        (event_id, event_added, added, source, sentence, a1, a2, action, confidence, doc_len, tone, lang) = r
        yield gdelt.MentionFacts(
            event_id=event_id, event_added=gdelt.timestamp(event_added), mention_added=gdelt.timestamp(added),
            source=source, sentence=sentence, actor1_offset=a1, actor2_offset=a2, action_offset=action,
            confidence=confidence or 0.0, doc_len=doc_len, doc_tone=tone or 0.0, language=lang,
        )


# ---------------------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------------------


@contextmanager
def _open_out(out: str | Path) -> Iterator[IO[str]]:
    """A text stream for ``out``: standard output for "-", else the file (its folder made as needed)."""
    if str(out) == "-":
        yield sys.stdout
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        yield fh


def _field(value: str) -> str:
    # A field that starts with '"' makes CSV readers that honour quoting (Python's csv, pandas) swallow the
    # following tabs and lines; GDELT has no quoting, so such a quote mark becomes a typographic one.
    return "\u201c" + value[1:] if value.startswith('"') else value


def write_tsv(rows: Iterator[list[str]], out: str | Path) -> int:
    """Write rows as tab-separated lines, no header, no quoting. Returns the number of rows."""
    n = 0
    with _open_out(out) as fh:
        for row in rows:
            fh.write("\t".join(map(_field, row)))
            fh.write("\n")
            n += 1
    return n


def _gkg_rows(docs: Iterator[StoredDocument]) -> Iterator[list[str]]:
    serials: dict[str, int] = {}
    for doc in docs:
        batch = gdelt.timestamp(doc.ingested_at) or gdelt.timestamp(doc.record.date)
        serials[batch] = serials.get(batch, 0) + 1
        yield gkg_row(doc.record, serials[batch], batch, identifier=doc.url or doc.record.source)


def write_jsonl(docs: Iterator[StoredDocument], out: str | Path) -> int:
    """One document record per line, as ``letopis extract`` prints it. Returns the number of records."""
    n = 0
    with _open_out(out) as fh:
        for doc in docs:
            fh.write(encode_json(doc.record).decode("utf-8"))
            fh.write("\n")
            n += 1
    return n


# Parquet: one dataset per table, partitioned by day (``dt=YYYY-MM-DD``; rows without a day go under
# ``dt=NULL``). Entities are not dated and go to one unpartitioned file.
_DOC_DAY = "d.date"
_PARQUET: dict[str, str] = {
    "documents": "SELECT d.*, CAST(d.date AS VARCHAR) AS dt FROM documents d WHERE {w}",
    "events": f"""SELECT e.*, CAST({_EVENT_DAY} AS VARCHAR) AS dt FROM events e
                  LEFT JOIN documents fd ON fd.id = e.first_document WHERE {{w}}""",
    "event_mentions": f"""SELECT m.*, CAST({_EVENT_DAY} AS VARCHAR) AS dt FROM event_mentions m
                          JOIN events e ON e.event_id = m.event_id
                          LEFT JOIN documents fd ON fd.id = e.first_document WHERE {{w}}""",
    **{
        table: f"""SELECT t.*, CAST(d.date AS VARCHAR) AS dt FROM {table} t
                   JOIN documents d ON d.id = t.document_id WHERE {{w}}"""
        for table in ("mentions", "quotes", "counts", "dates", "places")
    },
}


def write_parquet(con: duckdb.DuckDBPyConnection, out: str | Path, window: Window = ALL) -> dict[str, int]:
    """Write ``out/<table>/dt=.../*.parquet`` for each table and ``out/entities/entities.parquet``. An
    existing ``out/<table>`` is replaced. Returns rows written per table."""
    import shutil

    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for table, sql in _PARQUET.items():
        day = _EVENT_DAY if table in ("events", "event_mentions") else _DOC_DAY
        query = sql.format(w=_WINDOW_SQL.format(day=day))
        target = root / table
        if target.exists():
            shutil.rmtree(target)
        # COPY returns the number of rows it wrote; with none it writes no folder.
        count = con.execute(f"COPY ({query}) TO ? (FORMAT PARQUET, PARTITION_BY (dt))",
                            [*window.params(), str(target)]).fetchone()
        written[table] = count[0] if count else 0
    target = root / "entities"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir()
    count = con.execute("COPY (SELECT * FROM entities ORDER BY entity_id) TO ? (FORMAT PARQUET)",
                        [str(target / "entities.parquet")]).fetchone()
    written["entities"] = count[0] if count else 0
    return written


# ---------------------------------------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------------------------------------

_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: str | dt.date | None, last: bool = False) -> dt.date | None:
    """A --since/--until value: YYYY-MM-DD, or a week, month or year: its first day, or with ``last`` its last
    day (so ``--until 2025`` keeps all of 2025). Raises ValueError on anything else."""
    if value is None or isinstance(value, dt.date):
        return value
    day = gdelt.period_end(value) if last else gdelt.period_start(value)
    if day is None:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY)")
    return day


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: str | Path, since: str | dt.date | None = None,
           until: str | dt.date | None = None, with_text: bool = False) -> dict[str, int]:
    """Export the store on ``con`` in format ``fmt`` (one of FORMATS) to ``out`` (a file, "-" for standard
    output, or a folder for parquet). ``with_text`` adds the stored text to JSONL records (as ``extract
    --with-text`` does). Returns rows written per dataset. Raises ValueError for an unknown format or a bad
    date, StoreError when the store lacks the tables (not a letopis store)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    window = Window(parse_day(since), parse_day(until, last=True))
    if fmt == "parquet" and str(out) == "-":
        raise ValueError("parquet needs a folder to write to, not standard output")
    writers: dict[str, Callable[[], dict[str, int]]] = {
        "gdelt-events": lambda: {"events": write_tsv(map(gdelt.event_row, iter_event_facts(con, window)), out)},
        "gdelt-mentions": lambda: {
            "event_mentions": write_tsv(map(gdelt.mention_row, iter_mention_facts(con, window)), out)},
        "gkg": lambda: {"documents": write_tsv(_gkg_rows(iter_documents(
            con, window.since, window.until, statuses=("processed", "duplicate"))), out)},
        "jsonl": lambda: {"documents": write_jsonl(iter_documents(con, window.since, window.until, with_text), out)},
        "parquet": lambda: write_parquet(con, out, window),
    }
    try:
        return writers[fmt]()
    except duckdb.CatalogException as exc:
        raise StoreError(f"not a letopis store (missing table): {exc}") from None
