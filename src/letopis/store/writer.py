"""Writing document records into the store, in batches of whole documents.

``Ingester`` keeps what it needs to decide about a new document in memory (ids seen, fingerprints of
original articles, the merge index of events, canonical entities), loaded once when it opens. Rows go to the
database a batch at a time: one transaction per batch (``batch_size`` documents, 200 by default, or what
came in ``BATCH_SECONDS`` when the pipeline is slow), written by a background thread while the pipeline
works on the next batch. A process killed at any moment therefore leaves a store holding whole documents
only; running the same ingest again adds the rest.

The writer keeps the database open between batches but closes it whenever a query command waits, so that
queries answer while an ingest runs (see ``letopis.store.db``). ``ingest_items`` is the library call behind
``letopis ingest``.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
import msgspec

from letopis.errors import StoreError
from letopis.model import DocumentRecord, document_id, failed_record
from letopis.store import db as storedb
from letopis.store import schema
from letopis.store.dedup import MIN_WORDS, FingerprintIndex, simhash
from letopis.store.merge import EventIndex, EventState, date_interval, place_key

log = logging.getLogger(__name__)

# Each batch costs the writer thread a fixed part (a transaction, refreshing merged events, and an open and
# close whenever readers came in between): 200 documents make that well under a millisecond per document.
# A batch older than BATCH_SECONDS is written anyway, so that readers see a slow ingest progress and a
# crash loses little.
BATCH_SIZE = 200
BATCH_SECONDS = 5.0

TABLE_ORDER = ("documents", "entities", "event_mentions", "mentions", "quotes", "counts", "dates", "places")


class IngestStats(msgspec.Struct):
    """What one ingest did. ``failed`` counts documents (and paths) that could not be read or processed."""

    documents: int = 0  # documents written (processed + duplicate + failed)
    processed: int = 0
    duplicates: int = 0
    failed: int = 0
    skipped: int = 0  # already in the store (or given twice): not processed again
    events: int = 0  # event mentions written
    new_events: int = 0  # merged events created
    seconds: float = 0.0


def outlet_of(source: str, url: str | None) -> str:
    """The outlet a document came from, for counting distinct sources: the host of its URL when it has one
    (``www.`` dropped), else its source as given (a file path, a feed item id, a JSONL ``source``)."""
    for cand in (url, source):
        if cand and cand.startswith(("http://", "https://")):
            host = urlsplit(cand).hostname or ""
            if host:
                return host.removeprefix("www.")
    return source


def _day(value: str | None) -> dt.date | None:
    iv = date_interval(value)
    return iv[0] if iv and iv[0] == iv[1] else None


class _Batch:
    """Rows of whole documents waiting to be written, per table, plus what their write must refresh."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLE_ORDER}
        self.started = time.monotonic()
        self.ingested_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.events: set[int] = set()
        self.entities: set[int] = set()
        self.documents = 0


class _Writer(threading.Thread):
    """Writes batches in order on its own thread; DuckDB releases the GIL while it works, so writing
    overlaps with the pipeline's next batch. It keeps the read-write connection between batches unless a
    reader waits (``letopis.store.db``). An error stops the thread and is raised by ``put``/``finish``."""

    def __init__(self, path: str) -> None:
        super().__init__(name="letopis-store-writer", daemon=True)
        self.path = path
        self.queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.con: duckdb.DuckDBPyConnection | None = None
        self.readers = storedb.ReadersTurn(path)

    def run(self) -> None:
        try:
            while True:
                try:
                    batch = self.queue.get(timeout=0.05)
                except queue.Empty:
                    self._let_readers_in()
                    continue
                if batch is None:
                    return
                if self.error is not None:
                    continue
                try:
                    if self.con is None:
                        self.con = storedb.connect(self.path, read_only=False, threads=1)
                    write_batch(self.con, batch, self.path)
                except BaseException as exc:  # handed to the main thread, which raises it
                    self.error = exc
                    self._close()
                self._let_readers_in()
        finally:
            self._close()
            self.readers.close()

    def _let_readers_in(self) -> None:
        if self.con is not None and self.readers.waiting():
            self._close()
            self.readers.wait()

    def _close(self) -> None:
        if self.con is not None:
            con, self.con = self.con, None
            try:
                con.close()
            except duckdb.Error as exc:
                log.warning("closing the store: %s", exc)

    def put(self, batch: _Batch) -> None:
        self._check()
        self.queue.put(batch)

    def finish(self) -> None:
        self.queue.put(None)
        self.join()
        self._check()

    def _check(self) -> None:
        if self.error is not None:
            err = self.error
            if isinstance(err, StoreError):
                raise err
            raise StoreError(f"writing to the store failed: {type(err).__name__}: {err}") from err


_json = msgspec.json.Encoder()


def _clean(value: Any) -> Any:
    # A lone surrogate (JSON input may carry "\udc80") cannot be stored as UTF-8: it becomes "?", one
    # character for one, so offsets stay right.
    return value.encode("utf-8", "replace").decode("utf-8") if isinstance(value, str) else value


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[Any, ...]]) -> None:
    """Insert rows as one statement. The columns travel as one JSON text (encoded by msgspec, parsed by
    DuckDB's ``from_json`` and zipped back into rows by ``unnest``): converting Python lists into DuckDB
    values holds the GIL four times longer, and ``executemany`` (one statement per row) is 100 times slower.
    Lone surrogates in text are replaced by "?" (DuckDB stores UTF-8 only)."""
    if not rows:
        return
    cols = schema.columns(table)
    names = ", ".join(f'"{n}"' for n, _ in cols)
    columns = list(zip(*rows, strict=True))  # tuples encode as JSON arrays, as lists do
    try:
        data = _json.encode(columns)
    except UnicodeEncodeError:
        data = _json.encode([[_clean(v) for v in col] for col in columns])
    select = ", ".join(f"unnest(from_json(j[{i + 1}], '[\"{t}\"]')) AS c{i}" for i, (_, t) in enumerate(cols))
    con.execute(
        f"INSERT INTO {table} ({names}) SELECT {select} FROM (SELECT CAST(? AS JSON[]) AS j)", [data.decode("utf-8")]
    )


_REFRESH_EVENTS = """
INSERT INTO events
SELECT m.event_id,
       arg_min(m.date, m.date_end - m.date_start),
       arg_min(m.date_start, m.date_end - m.date_start),
       arg_min(m.date_end, m.date_end - m.date_start),
       any_value(m.source_code), mode(m.source_name), mode(m.source_entity),
       any_value(m.target_code), mode(m.target_name), mode(m.target_entity),
       arg_max(m.code, length(m.code)), any_value(m.root_code),
       arg_max(m.quad_class, length(m.code)), arg_max(m.goldstein, length(m.code)),
       arg_max(m.plover, length(m.code)),
       bool_and(m.background),
       arg_min(m.place_name, m.mention_id), arg_min(m.place_country, m.mention_id)
           FILTER (WHERE m.place_name IS NOT NULL),
       arg_min(m.lat, m.mention_id) FILTER (WHERE m.place_name IS NOT NULL),
       arg_min(m.lon, m.mention_id) FILTER (WHERE m.place_name IS NOT NULL),
       count(*), count(DISTINCT m.article_id), count(DISTINCT a.outlet),
       min(d.date), max(d.date), avg(m.confidence), avg(d.tone),
       arg_min(m.article_id, m.mention_id)
FROM event_mentions m
JOIN documents d ON d.id = m.document_id
JOIN documents a ON a.id = m.article_id
WHERE m.event_id IN (SELECT unnest($1::BIGINT[]))
GROUP BY m.event_id
"""

_REFRESH_ENTITIES = """
UPDATE entities SET num_documents = s.nd, num_mentions = s.nm, first_seen = s.fs, last_seen = s.ls
FROM (SELECT x.entity_id, count(DISTINCT x.document_id) AS nd, count(*) AS nm,
             min(d.date) AS fs, max(d.date) AS ls
      FROM mentions x JOIN documents d ON d.id = x.document_id
      WHERE x.entity_id IN (SELECT unnest($1::BIGINT[]))
      GROUP BY x.entity_id) s
WHERE entities.entity_id = s.entity_id
"""


def write_batch(con: duckdb.DuckDBPyConnection, batch: _Batch, path: str = "the store") -> None:
    """Write one batch in one transaction on a read-write connection: its rows, then the merged events and
    entity counts it touched, recomputed; commit. Raises StoreError (after a rollback) when DuckDB fails."""
    try:
        con.execute("BEGIN TRANSACTION")
        for table in TABLE_ORDER:
            _insert(con, table, batch.rows[table])
        if batch.events:
            ids = sorted(batch.events)
            con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest($1::BIGINT[]))", [ids])
            con.execute(_REFRESH_EVENTS, [ids])
        if batch.entities:
            con.execute(_REFRESH_ENTITIES, [sorted(batch.entities)])
        con.execute("COMMIT")
    except duckdb.Error as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # the transaction is gone already; the error below is the one to report
        raise StoreError(f"writing a batch to {path} failed: {exc}") from exc


class Ingester:
    """Adds document records to the store at ``path``; use as a context manager.

    Opening takes the ingest lock (StoreBusy when another ingest runs) and loads the state; ``add`` buffers a
    record and hands a full batch to the writer thread; closing writes the last batch and releases the lock.
    A record whose id is already stored is ignored by ``add`` (callers that can should ask ``seen`` first and
    skip the pipeline)."""

    def __init__(self, path: str | Path, batch_size: int = BATCH_SIZE, store_text: bool = True) -> None:
        self.path = str(path)
        self.batch_size = max(1, batch_size)
        self.store_text = store_text
        self.stats = IngestStats()
        self._ids: set[str] = set()
        self._fingerprints = FingerprintIndex()
        self._events = EventIndex()
        self._entities: dict[tuple[str, str, str | None], int] = {}
        self._next_entity = 1
        self._next_mention = 1
        self._batch = _Batch()
        self._writer: _Writer | None = None
        self._lock: Any = None

    # -- opening and closing ------------------------------------------------------------------------------

    def __enter__(self) -> Ingester:
        self._lock = storedb.ingest_lock(self.path)
        self._lock.__enter__()
        try:
            self._load()
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        self._writer = _Writer(self.path)
        self._writer.start()
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if exc_type is None:
                self.flush()
            if self._writer is not None:
                self._writer.finish()
            if exc_type is None and self.stats.documents:
                try:
                    storedb.compact(self.path)
                except StoreError as err:  # the batches are committed; a bigger file is no failure
                    log.warning("%s", err)
        finally:
            self._lock.__exit__(None, None, None)

    def _load(self) -> None:
        con = storedb.connect(self.path, read_only=False)
        try:
            self._ids = {r[0] for r in con.execute("SELECT id FROM documents").fetchall()}
            for fp, doc_id in con.execute(
                "SELECT fingerprint, id FROM documents WHERE status = 'processed' AND words >= ? "
                "AND fingerprint IS NOT NULL ORDER BY ingested_at, id",
                [MIN_WORDS],
            ).fetchall():
                self._fingerprints.add(fp, doc_id)
            for row in con.execute(
                "SELECT event_id, source_code, target_code, code, root_code, date_start, date_end, "
                "place_name, place_country FROM events"
            ).fetchall():
                eid, src, tgt, code, root, start, end, pname, pcountry = row
                interval = (start, end) if start is not None else None
                self._events.load(EventState(eid, code, interval, place_key(pname, pcountry)), src, tgt, root)
            for eid, name, typ, code in con.execute(
                "SELECT entity_id, name, type, actor_code FROM entities"
            ).fetchall():
                self._entities[(name, typ, code)] = eid
                self._next_entity = max(self._next_entity, eid + 1)
            last = con.execute("SELECT max(mention_id) FROM event_mentions").fetchone()
            self._next_mention = (last[0] or 0) + 1 if last else 1
        finally:
            con.close()

    # -- deciding about a document ---------------------------------------------------------------------

    def seen(self, doc_id: str) -> bool:
        """True when a document with this id is stored or was added in this run."""
        return doc_id in self._ids

    def reserve(self, doc_id: str) -> None:
        """Mark an id as taken (the document is on its way through the pipeline)."""
        self._ids.add(doc_id)

    def fingerprint(self, text: str, doc_id: str) -> tuple[int, int, str | None]:
        """(fingerprint, words, id of the article this text copies or None). A text that copies none is
        remembered as the original ``doc_id``, so that later copies (in this batch too) find it."""
        fp, words = simhash(text)
        if words < MIN_WORDS:
            return fp, words, None
        original = self._fingerprints.find(fp)
        if original is None:
            self._fingerprints.add(fp, doc_id)
        return fp, words, original

    # -- adding --------------------------------------------------------------------------------------------

    def add(
        self,
        rec: DocumentRecord,
        url: str | None = None,
        failed: bool | None = None,
        fingerprint: tuple[int, int, str | None] | None = None,
        reserved: bool = False,
    ) -> bool:
        """Buffer one record's rows; False (and nothing written) when its id is stored already.

        ``failed`` says the input could not be read (default: the record has errors and no language);
        ``fingerprint`` is what ``fingerprint()`` gave for its text (computed here when missing);
        ``reserved`` says the caller checked ``seen`` and called ``reserve`` for this id."""
        if not reserved and rec.id in self._ids:
            self.stats.skipped += 1
            return False
        self._ids.add(rec.id)
        if failed is None:
            failed = bool(rec.errors) and not rec.language
        text = rec.text or ""
        fp: int | None = None
        words = 0
        dup_of: str | None = None
        if not failed and text:
            fp, words, dup_of = fingerprint if fingerprint is not None else self.fingerprint(text, rec.id)
        status = "failed" if failed else ("duplicate" if dup_of else "processed")
        self._add_rows(rec, status, dup_of, fp, words, url)
        st = self.stats
        st.documents += 1
        st.processed += status == "processed"
        st.duplicates += status == "duplicate"
        st.failed += status == "failed"
        self._batch.documents += 1
        if self._batch.documents >= self.batch_size or time.monotonic() - self._batch.started > BATCH_SECONDS:
            self.flush()
        return True

    def flush(self) -> None:
        """Hand the buffered documents to the writer thread (waits while the previous batch is written)."""
        if self._batch.documents and self._writer is not None:
            self._writer.put(self._batch)
            self._batch = _Batch()

    def _add_rows(
        self, rec: DocumentRecord, status: str, dup_of: str | None, fp: int | None, words: int, url: str | None
    ) -> None:
        rows = self._batch.rows
        doc = rec.id
        article = dup_of or doc
        tone = rec.tone
        rows["documents"].append((
            doc, status, dup_of, "; ".join(rec.errors) or None, rec.source, outlet_of(rec.source, url), url,
            rec.title, _day(rec.date), rec.language, self._batch.ingested_at, fp,
            words if rec.text else None, len(rec.text) if rec.text else None,
            tone.tone, tone.positive, tone.negative, tone.polarity, tone.activity, tone.self_group,
            tone.word_count, len(rec.entities), len(rec.events), len(rec.quotes),
            rec.text if self.store_text else None,
        ))
        local: dict[str, int] = {}
        for ent in rec.entities:
            key = (ent.name, ent.type, ent.actor_code)
            eid = self._entities.get(key)
            if eid is None:
                eid = self._next_entity
                self._next_entity += 1
                self._entities[key] = eid
                rows["entities"].append(
                    (eid, ent.name, ent.native_name, ent.type, ent.country, ent.actor_code, 0, 0, None, None)
                )
            local[ent.id] = eid
            self._batch.entities.add(eid)
            for m in ent.mentions:
                rows["mentions"].append((doc, eid, ent.id, m.start, m.end, m.text, m.kind))
        for pos, ev in enumerate(rec.events):
            src, tgt = ev.source, ev.target
            src_code = src.code if src else None
            tgt_code = tgt.code if tgt else None
            date = ev.date if date_interval(ev.date) else rec.date
            interval = date_interval(date)
            if interval is None:
                date = None
            place = ev.place
            event_id, new = self._events.assign(
                src_code, tgt_code, ev.code, ev.root_code, interval,
                place_key(place.name, place.country) if place else None,
            )
            self.stats.new_events += new
            self._batch.events.add(event_id)
            rows["event_mentions"].append((
                self._next_mention, event_id, doc, article, pos,
                src_code, src.name if src else None, local.get(src.entity or "") if src else None,
                tgt_code, tgt.name if tgt else None, local.get(tgt.entity or "") if tgt else None,
                ev.code, ev.root_code, ev.quad_class, ev.goldstein, ev.plover,
                date, interval[0] if interval else None, interval[1] if interval else None, ev.background,
                place.name if place else None, place.country if place else None,
                place.lat if place else None, place.lon if place else None,
                ev.evidence.start, ev.evidence.end, ev.evidence.text, ev.evidence.trigger, ev.rule, ev.confidence,
            ))
            self._next_mention += 1
        self.stats.events += len(rec.events)
        for pos, q in enumerate(rec.quotes):
            rows["quotes"].append((
                doc, pos, q.text, q.start, q.end, local.get(q.speaker or ""), q.speaker_name, q.verb, q.direct,
            ))
        for c in rec.counts:
            rows["counts"].append((doc, c.type, c.number, c.approximate, c.object, c.start, c.end))
        for d in rec.dates:
            rows["dates"].append((doc, d.text, d.start, d.end, d.value, d.relative))
        for p in rec.places:
            pms: list[Any] = list(p.mentions) or [None]
            for pm in pms:
                rows["places"].append((
                    doc, p.name, p.country, p.kind, p.lat, p.lon, p.geonames_id,
                    pm.start if pm else None, pm.end if pm else None, pm.text if pm else None,
                ))


def item_id(item: Any) -> str:
    """The id the record of a reader ``Item`` will carry (as ``extract_items`` computes it)."""
    if item.error:
        return failed_record(item.source, item.error, item.date, item.text).id
    return document_id(item.date, item.text)


def ingest_items(
    items: Iterable[Any],
    path: str | Path,
    pipeline: Any = None,
    batch_size: int = BATCH_SIZE,
    store_text: bool = True,
    on_record: Callable[[DocumentRecord], None] | None = None,
) -> IngestStats:
    """Run reader ``Item``s through the pipeline into the store at ``path``.

    A document already in the store (same id) is skipped before the pipeline runs. An item that could not
    be read is stored as a failed document (its reason in ``documents.error``) and the run goes on; one that
    fails again in a later run is counted in ``failed`` (and given to ``on_record``) but not stored twice.
    ``on_record`` is called with every record written (for a progress line). Raises StoreBusy when another
    ingest holds the store, StoreError when the store cannot be written."""
    from letopis.runners.local import extract_items

    started = time.perf_counter()
    with Ingester(path, batch_size, store_text) as ing:
        pending: deque[tuple[Any, tuple[int, int, str | None] | None]] = deque()

        def fresh() -> Iterator[Any]:
            for item in items:
                doc_id = item_id(item)
                if ing.seen(doc_id):
                    ing.stats.skipped += 1
                    if item.error:  # failed before and again now: stored once, but still a failure of this run
                        ing.stats.failed += 1
                        if on_record is not None:
                            on_record(failed_record(item.source, item.error, item.date, item.text))
                    continue
                ing.reserve(doc_id)
                pending.append((item, None if item.error else ing.fingerprint(item.text, doc_id)))
                yield item

        for rec in extract_items(fresh(), pipeline, with_text=True):
            item, fp = pending.popleft()
            ing.add(rec, url=item.url, failed=bool(item.error), fingerprint=fp, reserved=True)
            if on_record is not None:
                on_record(rec)
    ing.stats.seconds = time.perf_counter() - started
    return ing.stats


def read_records(paths: Iterable[str], errors: list[str] | None = None) -> Iterator[DocumentRecord]:
    """Records from JSONL files of ``letopis extract`` output (directories and globs expanded). A line that is
    no record becomes a failed record naming file and line; a path that matches nothing is appended to
    ``errors`` (raised as ReadError when ``errors`` is None)."""
    from letopis.ingest.readers import files_of

    decoder = msgspec.json.Decoder(DocumentRecord)
    for given in paths:
        for file in files_of(given, errors):
            try:
                fh = file.open("rb")
            except OSError as exc:
                yield failed_record(str(file), f"{file}: cannot open: {exc.strerror}")
                continue
            with fh:
                for lineno, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        yield decoder.decode(line)
                    except msgspec.DecodeError as exc:
                        where = f"{file}:{lineno}"
                        yield failed_record(where, f"{where}: not a document record: {exc}")


def ingest_records(
    records: Iterable[DocumentRecord],
    path: str | Path,
    batch_size: int = BATCH_SIZE,
    store_text: bool = True,
    on_record: Callable[[DocumentRecord], None] | None = None,
) -> IngestStats:
    """Store records made earlier (``letopis extract --with-text`` output, or built by hand). A record whose
    id is stored already is skipped. Raises as ``ingest_items``."""

    started = time.perf_counter()
    with Ingester(path, batch_size, store_text) as ing:
        for rec in records:
            if ing.add(rec) and on_record is not None:
                on_record(rec)
    ing.stats.seconds = time.perf_counter() - started
    return ing.stats
