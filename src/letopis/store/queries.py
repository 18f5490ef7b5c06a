"""Questions asked of the store: the library side of ``letopis events``, ``quotes``, ``entities``, ``dyad``,
``show``, ``stats`` and ``sql``.

Every function takes an open connection and returns a ``Result`` (column names and rows). User values reach
SQL only as bound parameters; the SQL text is built from fixed fragments chosen by which filters are given.
"""

from __future__ import annotations

import os
from typing import Any

import duckdb
import msgspec

from letopis.errors import LetopisError


class QueryRefused(LetopisError):
    """``sql`` was given something other than one read-only query."""


class NotFound(LetopisError):
    """No document (or more than one) matches the id prefix given to ``show``."""


class Result(msgspec.Struct):
    columns: list[str]
    rows: list[tuple[Any, ...]]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Result:
    cur = con.execute(sql, params)
    return Result([d[0] for d in cur.description or []], cur.fetchall())


def _select(
    con: duckdb.DuckDBPyConnection, sql: str, where: list[str], params: list[Any], order: str, limit: int | None
) -> Result:
    """Run ``sql`` with its filters joined by AND, its ORDER BY and a bound LIMIT (none when ``limit`` is 0 or
    None)."""
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}"
    if limit:
        sql += " LIMIT ?"
        params = [*params, limit]
    return _fetch(con, sql, params)


def _actor(side: str, value: str, params: list[Any]) -> str:
    """SQL matching one side's actor by code prefix (``BLR`` matches ``BLRGOV``) or by a part of its name."""
    params += [value.upper(), value.lower()]
    return f"(starts_with({side}_code, ?) OR contains(lower({side}_name), ?))"


EVENT_COLUMNS = """event_id, date, source_code AS source, source_name, code, target_code AS target, target_name,
    quad_class AS quad, goldstein, plover, place_name AS place, place_country AS country,
    num_mentions AS mentions, num_articles AS articles, num_sources AS sources, background"""


def events(
    con: duckdb.DuckDBPyConnection,
    actor: str | None = None,
    source: str | None = None,
    target: str | None = None,
    code: str | None = None,
    root: str | None = None,
    quad: tuple[int, ...] = (),
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
    place: str | None = None,
    background: bool | None = None,
    min_sources: int | None = None,
    limit: int | None = 100,
) -> Result:
    """Merged events, newest first, that pass every filter given.

    ``actor``/``source``/``target``: code prefix or part of the name (either side for ``actor``); ``code``: a
    CAMEO code prefix; ``root``: a root code; ``quad``: QuadClasses; ``since``/``until``: ISO dates (an event
    whose period overlaps the range passes); ``country``: the place's country or either actor's country
    (first three letters of its code); ``place``: part of the place name; ``background``: only background
    (True) or only current (False) events."""
    where: list[str] = []
    params: list[Any] = []
    if actor:
        p1: list[Any] = []
        src = _actor("source", actor, p1)
        tgt = _actor("target", actor, p1)
        where.append(f"({src} OR {tgt})")
        params += p1
    if source:
        where.append(_actor("source", source, params))
    if target:
        where.append(_actor("target", target, params))
    if code:
        where.append("starts_with(code, ?)")
        params.append(code)
    if root:
        where.append("root_code = ?")
        params.append(root.zfill(2))
    if quad:
        where.append("list_contains(?, quad_class)")
        params.append(list(quad))
    if since:
        where.append("date_end >= CAST(? AS DATE)")
        params.append(since)
    if until:
        where.append("date_start <= CAST(? AS DATE)")
        params.append(until)
    if country:
        c = country.upper()
        where.append("(place_country = ? OR left(source_code, 3) = ? OR left(target_code, 3) = ?)")
        params += [c, c, c]
    if place:
        where.append("contains(lower(place_name), ?)")
        params.append(place.lower())
    if background is not None:
        where.append("background = ?")
        params.append(background)
    if min_sources:
        where.append("num_sources >= ?")
        params.append(min_sources)
    return _select(con, f"SELECT {EVENT_COLUMNS} FROM events", where, params,
                   "date_start DESC NULLS LAST, num_articles DESC, event_id", limit)


def quotes(
    con: duckdb.DuckDBPyConnection, speaker: str | None = None, document: str | None = None, limit: int | None = 100
) -> Result:
    """Quotes, newest document first. ``speaker`` matches part of the speaker's name as the document gave it
    or of its canonical entity (Latin or native form); ``document`` is a document id prefix."""
    where: list[str] = []
    params: list[Any] = []
    if speaker:
        s = speaker.lower()
        where.append(
            "(contains(lower(q.speaker_name), ?) OR q.speaker_entity IN (SELECT entity_id FROM entities "
            "WHERE contains(lower(name), ?) OR contains(lower(native_name), ?)))"
        )
        params += [s, s, s]
    if document:
        where.append("starts_with(q.document_id, ?)")
        params.append(document)
    sql = """SELECT left(q.document_id, 12) AS document, d.date, coalesce(q.speaker_name, e.name) AS speaker,
                    q.verb, q.direct, q.text
             FROM quotes q JOIN documents d ON d.id = q.document_id
             LEFT JOIN entities e ON e.entity_id = q.speaker_entity"""
    return _select(con, sql, where, params, "d.date DESC NULLS LAST, q.document_id, q.position", limit)


def entities(
    con: duckdb.DuckDBPyConnection, type: str | None = None, name: str | None = None, limit: int | None = 100
) -> Result:
    """Canonical entities, most documents first. ``type`` is PERSON, ORGANIZATION, LOCATION or COUNTRY
    (any case); ``name`` matches part of the Latin or native name."""
    where: list[str] = []
    params: list[Any] = []
    if type:
        where.append("type = ?")
        params.append(type.upper())
    if name:
        where.append("(contains(lower(name), ?) OR contains(lower(native_name), ?))")
        params += [name.lower(), name.lower()]
    sql = """SELECT entity_id, name, native_name, type, actor_code, country, num_documents AS documents,
                    num_mentions AS mentions, first_seen, last_seen FROM entities"""
    return _select(con, sql, where, params, "num_documents DESC, num_mentions DESC, entity_id", limit)


_PERIOD = {
    "week": ("week", "'%G-W%V'"),
    "month": ("month", "'%Y-%m'"),
    "year": ("year", "'%Y'"),
}


def dyad(con: duckdb.DuckDBPyConnection, a: str, b: str, by: str = "month", limit: int | None = None) -> Result:
    """Events between actors ``a`` and ``b`` (code prefixes or parts of names), per period (``week``,
    ``month`` or ``year``; ValueError otherwise) and direction: how many in each QuadClass, mean Goldstein
    and mean tone of the reporting articles. An event is dated by its own date, else when first seen; one
    whose date is coarser than the period (``2020`` by month) keeps its own date as its period."""
    if by not in _PERIOD:
        raise ValueError(f"--by must be one of {', '.join(_PERIOD)}, not {by!r}")
    params: list[Any] = []
    ab = f"{_actor('source', a, params)} AND {_actor('target', b, params)}"
    params.append(f"{a} -> {b}")
    ba = f"{_actor('source', b, params)} AND {_actor('target', a, params)}"
    params.append(f"{b} -> {a}")
    unit, fmt = _PERIOD[by]
    sql = f"""
        WITH e AS (
            SELECT *, coalesce(date_start, first_seen) AS day, coalesce(date_end, first_seen) AS day_end,
                   CASE WHEN {ab} THEN ? WHEN {ba} THEN ? END AS direction
            FROM events)
        SELECT CASE WHEN date_trunc('{unit}', day) = date_trunc('{unit}', day_end)
                    THEN strftime(day, {fmt}) ELSE coalesce(date, strftime(day, {fmt})) END AS period,
               direction, count(*) AS events,
               count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
               round(avg(goldstein), 2) AS goldstein, round(avg(avg_tone), 2) AS tone,
               sum(num_articles) AS articles
        FROM e WHERE direction IS NOT NULL AND day IS NOT NULL
        GROUP BY ALL ORDER BY period, direction"""
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return _fetch(con, sql, params)


def stats(con: duckdb.DuckDBPyConnection, path: str | None = None) -> Result:
    """One row per figure: documents by status, events, mentions, entities, quotes, the dates covered, the
    file size and bytes per event."""
    def one(sql: str) -> Any:
        row = con.execute(sql).fetchone()
        return row[0] if row else None

    rows: list[tuple[str, Any]] = []
    rows.append(("documents", one("SELECT count(*) FROM documents")))
    for status, n in con.execute("SELECT status, count(*) FROM documents GROUP BY 1 ORDER BY 1").fetchall():
        rows.append((f"documents {status}", n))
    for lang, n in con.execute(
        "SELECT coalesce(language, '?'), count(*) FROM documents WHERE status <> 'failed' GROUP BY 1 ORDER BY 2 DESC"
    ).fetchall():
        rows.append((f"language {lang}", n))
    rows.append(("events", one("SELECT count(*) FROM events")))
    rows.append(("event mentions", one("SELECT count(*) FROM event_mentions")))
    rows.append(("entities", one("SELECT count(*) FROM entities")))
    rows.append(("entity mentions", one("SELECT count(*) FROM mentions")))
    rows.append(("quotes", one("SELECT count(*) FROM quotes")))
    rows.append(("errors", one("SELECT count(*) FROM errors")))
    rows.append(("first document date", one("SELECT min(date) FROM documents")))
    rows.append(("last document date", one("SELECT max(date) FROM documents")))
    if path and os.path.exists(path):
        size = os.path.getsize(path)
        rows.append(("file bytes", size))
        nev = rows[[r[0] for r in rows].index("events")][1]
        if nev:
            rows.append(("bytes per event", round(size / nev)))
    return Result(["figure", "value"], rows)


def sql(con: duckdb.DuckDBPyConnection, query: str, limit: int | None = None) -> Result:
    """Run one read-only query (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE). Raises QueryRefused for anything
    else, or for more than one statement; duckdb.Error for a query DuckDB rejects."""
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as exc:
        raise QueryRefused(f"cannot parse the query: {exc}") from None
    if len(statements) != 1:
        raise QueryRefused(f"give exactly one statement, not {len(statements)}")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise QueryRefused(
            f"only read-only queries run here (SELECT, WITH, DESCRIBE, SHOW); this is {kind.name}"
        )
    cur = con.execute(query)
    rows = cur.fetchmany(limit) if limit else cur.fetchall()
    return Result([d[0] for d in cur.description or []], rows)


def find_document(con: duckdb.DuckDBPyConnection, prefix: str) -> str:
    """The full id of the one document whose id starts with ``prefix``. Raises NotFound for none or several."""
    prefix = prefix.strip().lower()
    if not prefix:
        raise NotFound("give a document id (or a unique prefix of one)")
    ids = [r[0] for r in con.execute("SELECT id FROM documents WHERE starts_with(id, ?) ORDER BY id LIMIT 6",
                                     [prefix]).fetchall()]
    if not ids:
        raise NotFound(f"no document id starts with {prefix!r}")
    if len(ids) > 1:
        more = ", ".join(i[:16] for i in ids[:5]) + (", ..." if len(ids) > 5 else "")
        raise NotFound(f"{prefix!r} starts more than one document id ({more}); give more characters")
    return ids[0]


def document(con: duckdb.DuckDBPyConnection, prefix: str) -> dict[str, Any]:
    """One document and what was found in it, for ``show``: the ``documents`` row as a dict, with lists
    ``entities`` (mentions with their canonical entity), ``quotes``, ``events`` (mentions with evidence),
    ``counts``, ``dates`` and ``places``. Raises NotFound as ``find_document``."""
    doc_id = find_document(con, prefix)
    doc = _fetch(con, "SELECT * FROM documents WHERE id = ?", [doc_id]).dicts()[0]
    doc["entities"] = _fetch(
        con,
        """SELECT m.start, m."end", m.text, m.kind, m.local_id, e.entity_id, e.name, e.native_name, e.type,
                  e.actor_code
           FROM mentions m JOIN entities e ON e.entity_id = m.entity_id
           WHERE m.document_id = ? ORDER BY m.start""",
        [doc_id],
    ).dicts()
    doc["quotes"] = _fetch(
        con, 'SELECT start, "end", text, speaker_name, verb, direct FROM quotes WHERE document_id = ? '
        "ORDER BY position", [doc_id]
    ).dicts()
    doc["events"] = _fetch(
        con,
        """SELECT event_id, evidence_start AS start, evidence_end AS "end", evidence_text, trigger, code,
                  source_code, source_name, target_code, target_name, date, background, place_name, rule,
                  confidence, goldstein, quad_class
           FROM event_mentions WHERE document_id = ? ORDER BY position""",
        [doc_id],
    ).dicts()
    doc["counts"] = _fetch(
        con, 'SELECT start, "end", type, number, approximate, object FROM counts WHERE document_id = ? '
        "ORDER BY start", [doc_id]
    ).dicts()
    doc["dates"] = _fetch(
        con, 'SELECT start, "end", text, value, relative FROM dates WHERE document_id = ? ORDER BY start', [doc_id]
    ).dicts()
    doc["places"] = _fetch(
        con, 'SELECT start, "end", text, name, country, kind FROM places WHERE document_id = ? ORDER BY start',
        [doc_id],
    ).dicts()
    return doc
