"""Document records rebuilt from the store's tables, for the JSONL and GKG exports.

``iter_documents`` reads documents in the order they were ingested, a chunk at a time, and rebuilds each
one's ``DocumentRecord`` (the record ``letopis extract --with-text`` prints) from ``documents``, ``mentions``
with ``entities``, ``event_mentions``, ``quotes``, ``counts``, ``dates`` and ``places``. What the store does
not keep comes back changed (docs/export.md lists it): an entity's ``native_name``, ``country`` and
``actor_code`` are those of the store's canonical entity; an entity without mentions is gone; an event
without a date of its own carries its document's date (and an unreadable date value the same); places are
ordered by first mention; ``errors`` is the stored message split at "; ".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import duckdb
import msgspec

from letopis.model import (
    ActorRef,
    Count,
    DateMention,
    DocumentRecord,
    Entity,
    Event,
    EventPlace,
    Evidence,
    Mention,
    Place,
    PlaceMention,
    Quote,
    Tone,
)

_CHUNK = 1000  # rows fetched from DuckDB at a time


class StoredDocument(msgspec.Struct, frozen=True):
    """A rebuilt record with what the store adds: when it came in, its URL and outlet, and its status
    (processed | duplicate | failed)."""

    record: DocumentRecord
    ingested_at: dt.datetime | None
    url: str | None
    outlet: str | None
    status: str


_WINDOW = """(? IS NULL OR d.date >= ?) AND (? IS NULL OR d.date <= ?)
    AND d.status IN (SELECT unnest(?::VARCHAR[]))"""
_ORDER = "d.ingested_at, d.id"

_DOCS_SQL = f"""
SELECT id, status, source, outlet, url, title, CAST(date AS VARCHAR), language, ingested_at, error,
       tone, positive, negative, polarity, activity, self_group, word_count, text
FROM documents d WHERE {_WINDOW} ORDER BY {_ORDER}
"""

# Each child table is read in one pass, joined to the same documents in the same order as _DOCS_SQL, and
# the streams are merged by document id: one scan per table however many documents are exported.
_CHILD_SQL = {
    "mentions": """SELECT x.document_id, x.local_id, x.entity_id, x.start, x."end", x.text, x.kind,
                          n.name, n.native_name, n.type, n.country, n.actor_code
                   FROM mentions x JOIN entities n ON n.entity_id = x.entity_id""",
    "events": """SELECT x.document_id, x.source_code, x.source_name, x.source_entity, x.target_code,
                        x.target_name, x.target_entity, x.code, x.root_code, x.quad_class, x.goldstein, x.plover,
                        x.date, x.background, x.place_name, x.place_country, x.lat, x.lon, x.evidence_start,
                        x.evidence_end, x.evidence_text, x.trigger, x.rule, x.confidence
                 FROM event_mentions x""",
    "quotes": """SELECT x.document_id, x.text, x.start, x."end", x.speaker_entity, x.speaker_name, x.verb,
                        x.direct
                 FROM quotes x""",
    "counts": """SELECT x.document_id, x.type, x.number, x.approximate, x.object, x.start, x."end"
                 FROM counts x""",
    "dates": """SELECT x.document_id, x.text, x.start, x."end", x.value, x.relative FROM dates x""",
    "places": """SELECT x.document_id, x.name, x.country, x.kind, x.lat, x.lon, x.geonames_id, x.start, x."end",
                        x.text
                 FROM places x""",
}
_CHILD_ORDER = {"events": "x.position", "quotes": "x.position", "places": "x.start NULLS LAST"}


def _child_sql(table: str) -> str:
    return (f"{_CHILD_SQL[table]} JOIN documents d ON d.id = x.document_id WHERE {_WINDOW} "
            f"ORDER BY {_ORDER}, {_CHILD_ORDER.get(table, 'x.start')}")


class _Stream:
    """Rows of one child table, grouped by document, consumed in document order."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, params: list[Any]) -> None:
        self.cur = con.cursor()
        self.cur.execute(_child_sql(table), params)
        self.buf: list[tuple] = []
        self.pos = 0

    def _peek(self) -> tuple | None:
        if self.pos >= len(self.buf):
            self.buf = self.cur.fetchmany(_CHUNK)
            self.pos = 0
            if not self.buf:
                return None
        return self.buf[self.pos]

    def take(self, doc_id: str) -> list[tuple]:
        """The rows of ``doc_id`` (the next document in order); rows of none when it has none."""
        rows = []
        while (row := self._peek()) is not None and row[0] == doc_id:
            rows.append(row[1:])
            self.pos += 1
        return rows

    def close(self) -> None:
        self.cur.close()


_DIGITS = re.compile(r"\d+")


def _local_order(local_id: str) -> tuple[int, str]:
    m = _DIGITS.search(local_id)
    return (int(m.group()) if m else 1 << 62, local_id)


def _entities(rows: list[tuple]) -> tuple[list[Entity], dict[int, str]]:
    """Entities of one document and the map from store entity id to the document's local id."""
    by_local: dict[str, list[tuple]] = {}
    for row in rows:
        by_local.setdefault(row[0] or f"e{row[1]}", []).append(row)
    entities: list[Entity] = []
    local_of: dict[int, str] = {}
    for local in sorted(by_local, key=_local_order):
        group = by_local[local]
        _, eid, *_rest = group[0]
        name, native, typ, country, code = group[0][6:11]
        local_of.setdefault(eid, local)
        mentions = [Mention(r[2], r[3], r[4] or "", r[5] or "name") for r in group]
        entities.append(Entity(local, name, native or "", typ, country, code, mentions))
    return entities, local_of


def _ref(code: str | None, name: str | None, entity: int | None, local_of: dict[int, str]) -> ActorRef | None:
    if code is None and name is None and entity is None:
        return None
    return ActorRef(code, name, local_of.get(entity) if entity is not None else None)


def _events(rows: list[tuple], local_of: dict[int, str]) -> list[Event]:
    out = []
    for r in rows:
        (scode, sname, sent, tcode, tname, tent, code, root, quad, goldstein, plover, date, background,
         pname, pcountry, lat, lon, ev_start, ev_end, ev_text, trigger, rule, confidence) = r
        out.append(Event(
            source=_ref(scode, sname, sent, local_of), target=_ref(tcode, tname, tent, local_of), code=code,
            root_code=root, quad_class=quad or 0, goldstein=goldstein or 0.0, plover=plover, date=date,
            background=bool(background),
            place=EventPlace(pname, pcountry, lat, lon) if pname is not None else None,
            evidence=Evidence(ev_start or 0, ev_end or 0, ev_text or "", trigger or ""), rule=rule or "",
            confidence=confidence or 0.0,
        ))
    return out


def _places(rows: list[tuple]) -> list[Place]:
    groups: dict[tuple, list[PlaceMention]] = {}
    for name, country, kind, lat, lon, geonames_id, start, end, text in rows:
        mentions = groups.setdefault((name, country, kind, lat, lon, geonames_id), [])
        if start is not None:
            mentions.append(PlaceMention(start, end, text or ""))
    return [Place(k[0], k[1], k[2], k[3], k[4], k[5], m) for k, m in groups.items()]


def _record(doc: tuple, kids: dict[str, list[tuple]], with_text: bool) -> StoredDocument:
    (doc_id, status, source, outlet, url, title, date, language, ingested_at, error,
     tone, positive, negative, polarity, activity, self_group, word_count, text) = doc
    entities, local_of = _entities(kids["mentions"])
    record = DocumentRecord(
        id=doc_id, source=source, date=date, language=language, entities=entities,
        quotes=[Quote(t, s, e, local_of.get(spk) if spk is not None else None, name, verb,
                      True if direct is None else bool(direct))
                for t, s, e, spk, name, verb, direct in kids["quotes"]],
        events=_events(kids["events"], local_of),
        counts=[Count(t, n, bool(a), o, s, e) for t, n, a, o, s, e in kids["counts"]],
        dates=[DateMention(t or "", s, e, v, bool(r)) for t, s, e, v, r in kids["dates"]],
        places=_places(kids["places"]),
        tone=Tone(tone or 0.0, positive or 0.0, negative or 0.0, polarity or 0.0, activity or 0.0,
                  self_group or 0.0, word_count or 0),
        errors=error.split("; ") if error else [],
        title=title,
        text=text if with_text else None,
    )
    return StoredDocument(record, ingested_at, url, outlet, status)


def iter_documents(con: duckdb.DuckDBPyConnection, since: dt.date | None = None, until: dt.date | None = None,
                   with_text: bool = True, statuses: tuple[str, ...] = ("processed", "duplicate", "failed"),
                   ) -> Iterator[StoredDocument]:
    """Rebuilt records of the stored documents published in [since, until] (a document without a date only
    when both are None) with one of ``statuses``, in ingest order. ``with_text`` puts the stored text (None
    when the store kept none) in the record."""
    params: list[Any] = [since, since, until, until, list(statuses)]
    cur = con.cursor()
    streams = {table: _Stream(con, table, params) for table in _CHILD_SQL}
    try:
        cur.execute(_DOCS_SQL, params)
        while chunk := cur.fetchmany(_CHUNK):
            for row in chunk:
                kids = {table: stream.take(row[0]) for table, stream in streams.items()}
                yield _record(row, kids, with_text)
    finally:
        cur.close()
        for stream in streams.values():
            stream.close()
