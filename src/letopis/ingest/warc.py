"""WARC (and ARC) archives to ``Item``s: one document per archived page.

Every ``response`` (or ``resource``) record with a 2xx status whose payload is HTML or plain text becomes a
document: HTML is read as a page (``letopis.ingest.html``), text as it is. The source is the record's
``WARC-Target-URI``; the date is the page's own, else the day of ``WARC-Date`` (when it was crawled).
Requests, metadata, redirects, error pages and images are skipped.

Bad input never stops a run: a truncated or corrupt archive (``.warc.gz`` cut off in the middle, a record
shorter than its ``Content-Length``, bytes that are not WARC at all) yields the documents before the break
and one ``Item`` with ``error`` naming the archive and the byte offset of the broken record. A payload that
cannot be decoded or has no text becomes its own error ``Item``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from letopis.errors import ReadError
from letopis.ingest.decode import MAX_BYTES
from letopis.ingest.html import _iso_date, decode_declared, html_item
from letopis.ingest.readers import Item
from letopis.ingest.urls import sniff

_RECORD_TYPES = {"response", "resource"}
_MAGIC = (b"\x1f\x8b", b"WARC/", b"filedesc://")


def read_warc_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Every HTML or text page archived in ``path`` (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``)."""
    from warcio.archiveiterator import ArchiveIterator

    name = str(path)
    try:
        fh = path.open("rb")
        size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        yield Item(source=name, error=f"{name}: cannot open: {exc.strerror}")
        return
    with fh:
        if not fh.read(16).startswith(_MAGIC):
            yield Item(source=name, error=f"{name}: not a WARC or ARC archive (nor a gzipped one)")
            return
        fh.seek(0)
        records = ArchiveIterator(fh, arc2warc=True)
        offset = 0
        try:
            for record in records:
                offset = records.offset  # where this record starts (get_record_offset() would consume it)
                item = _record_item(record, name, offset, max_bytes)
                if item is not None:
                    yield item
            end = records.offset
        # warcio raises assorted types on broken input (ArchiveLoadFailed, zlib.error, EOFError,
        # AttributeError from a header line it could not split); each means the archive breaks here.
        except Exception as exc:
            yield Item(source=name, error=f"{name}: archive is truncated or corrupt at byte {max(records.offset, offset)}: "
                       f"{type(exc).__name__}: {exc}")
            return
    # A gzip member cut off in its middle ends the iteration without an error: what was not consumed is lost.
    if end < size:
        yield Item(source=name, error=f"{name}: archive is truncated or corrupt at byte {end} of {size}; "
                   "the records after it are lost")


def _record_item(record: Any, archive: str, offset: int, max_bytes: int) -> Item | None:
    if record.rec_type not in _RECORD_TYPES:
        return None
    # WARC 1.0's grammar put the URI in angle brackets; some writers still do.
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>") or f"{archive}@{offset}"
    crawled = _iso_date(record.rec_headers.get_header("WARC-Date"))
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    charset = _charset(params)
    if mime and not (mime.startswith("text/") or mime in ("application/xhtml+xml",)):
        return None
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Item(source=uri, url=uri, date=crawled,
                    error=f"{archive}: record at byte {offset} ({uri}) is over the {max_bytes / 1e6:.0f} MB limit")
    record.raw_stream.read()  # the rest of the block, so a short record shows below
    if getattr(record.raw_stream, "limit", 0):
        raise ReadError(f"record {uri} is shorter than its Content-Length")
    if not data.strip():
        return None  # an empty answer is not an article
    kind = sniff(mime, data)
    if kind == "html":
        return html_item(data, uri, url=uri, charset=charset, date=crawled, max_bytes=max_bytes)
    if kind != "text" or mime not in ("text/plain", ""):
        return None  # CSS, JavaScript, feeds and other text that is not an article
    try:
        text, warning = decode_declared(data, uri, charset, max_bytes)
    except ReadError as exc:
        return Item(source=uri, url=uri, date=crawled, error=str(exc))
    return Item(source=uri, url=uri, text=text, date=crawled, warning=warning)


def _charset(params: str) -> str | None:
    for part in params.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
