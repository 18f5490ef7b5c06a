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
from collections import defaultdict
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

_CHUNK = 500  # documents whose children are fetched with one query per table


class StoredDocument(msgspec.Struct, frozen=True):
    """A rebuilt record with what the store adds: when it came in, its URL and outlet, and its status
    (processed | duplicate | failed)."""

    record: DocumentRecord
    ingested_at: dt.datetime | None
    url: str | None
    outlet: str | None
    status: str


_DOCS_SQL = """
SELECT id, status, source, outlet, url, title, CAST(date AS VARCHAR), language, ingested_at, error,
       tone, positive, negative, polarity, activity, self_group, word_count, text
FROM documents d
WHERE (? IS NULL OR d.date >= ?) AND (? IS NULL OR d.date <= ?) AND d.status IN (SELECT unnest(?::VARCHAR[]))
ORDER BY ingested_at, id
"""

_IDS = "document_id IN (SELECT unnest(?::VARCHAR[]))"
_CHILD_SQL = {
    "mentions": f"""SELECT x.document_id, x.local_id, x.entity_id, x.start, x."end", x.text, x.kind,
                          n.name, n.native_name, n.type, n.country, n.actor_code
                   FROM mentions x JOIN entities n ON n.entity_id = x.entity_id
                   WHERE x.{_IDS} ORDER BY x.document_id, x.start""",
    "events": f"""SELECT document_id, source_code, source_name, source_entity, target_code, target_name,
                        target_entity, code, root_code, quad_class, goldstein, plover, date, background,
                        place_name, place_country, lat, lon, evidence_start, evidence_end, evidence_text,
                        trigger, rule, confidence
                 FROM event_mentions WHERE {_IDS} ORDER BY document_id, position""",
    "quotes": f"""SELECT document_id, text, start, "end", speaker_entity, speaker_name, verb, direct
                 FROM quotes WHERE {_IDS} ORDER BY document_id, position""",
    "counts": f"""SELECT document_id, type, number, approximate, object, start, "end"
                 FROM counts WHERE {_IDS} ORDER BY document_id, start""",
    "dates": f"""SELECT document_id, text, start, "end", value, relative
                FROM dates WHERE {_IDS} ORDER BY document_id, start""",
    "places": f"""SELECT document_id, name, country, kind, lat, lon, geonames_id, start, "end", text
                 FROM places WHERE {_IDS} ORDER BY document_id, start NULLS LAST""",
}

_DIGITS = re.compile(r"\d+")


def _local_order(local_id: str) -> tuple[int, str]:
    m = _DIGITS.search(local_id)
    return (int(m.group()) if m else 1 << 62, local_id)


def _children(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, dict[str, list[tuple]]]:
    out: dict[str, dict[str, list[tuple]]] = {name: defaultdict(list) for name in _CHILD_SQL}
    for name, sql in _CHILD_SQL.items():
        for row in con.execute(sql, [ids]).fetchall():
            out[name][row[0]].append(row[1:])
    return out


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


def _record(doc: tuple, kids: dict[str, dict[str, list[tuple]]], with_text: bool) -> StoredDocument:
    (doc_id, status, source, outlet, url, title, date, language, ingested_at, error,
     tone, positive, negative, polarity, activity, self_group, word_count, text) = doc
    entities, local_of = _entities(kids["mentions"].get(doc_id, []))
    record = DocumentRecord(
        id=doc_id, source=source, date=date, language=language, entities=entities,
        quotes=[Quote(t, s, e, local_of.get(spk) if spk is not None else None, name, verb,
                      True if direct is None else bool(direct))
                for t, s, e, spk, name, verb, direct in kids["quotes"].get(doc_id, [])],
        events=_events(kids["events"].get(doc_id, []), local_of),
        counts=[Count(t, n, bool(a), o, s, e) for t, n, a, o, s, e in kids["counts"].get(doc_id, [])],
        dates=[DateMention(t or "", s, e, v, bool(r)) for t, s, e, v, r in kids["dates"].get(doc_id, [])],
        places=_places(kids["places"].get(doc_id, [])),
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
    try:
        cur.execute(_DOCS_SQL, params)
        while chunk := cur.fetchmany(_CHUNK):
            kids = _children(con, [row[0] for row in chunk])
            for row in chunk:
                yield _record(row, kids, with_text)
    finally:
        cur.close()
