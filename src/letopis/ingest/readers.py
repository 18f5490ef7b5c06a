"""Readers: paths to ``Item``s, one per document, in a stable order.

Formats, chosen by file name:

* the seed format (``.txt`` whose first line starts, after optional spaces, with ``date YYYY-MM-DD``): the
  date, then the body, which is everything after the date and one space;
* plain text (any other ``.txt``, ``.text`` or a file with no known extension): the whole file, no date;
* JSONL (``.jsonl``, ``.ndjson``): one object per line with ``text`` and optionally ``date``, ``id``,
  ``source``, ``language``, ``title``;
* more formats register in ``READERS`` (HTML, feeds and WARC archives live in their own modules).

Bad input never stops a run: an unreadable file, an empty or binary one, invalid UTF-8, an oversized article,
a JSONL line that is not JSON or has no ``text`` each become an ``Item`` with ``error`` set, which the runner
turns into a record with ``errors``. A path that does not exist raises ReadError for the caller to report.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import msgspec

from letopis.errors import ReadError
from letopis.ingest.decode import MAX_BYTES, decode

_SEED_HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]|\r?\n|\Z)")
_ISO_DATE = re.compile(r"\A(\d{4}-\d{2}-\d{2})")


class Item(msgspec.Struct):
    """One document as read, before the pipeline; ``error`` set when it could not be read."""

    source: str
    text: str = ""
    date: str | None = None
    id: str | None = None
    language: str | None = None
    title: str | None = None
    url: str | None = None
    error: str | None = None
    warning: str | None = None  # read, but with a problem worth recording (e.g. invalid bytes replaced)


Reader = Callable[[Path, int], Iterator[Item]]


def parse_seed(text: str) -> tuple[str | None, str]:
    """(date, body) of seed-format text; (None, text) when there is no date header."""
    m = _SEED_HEADER.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end() :]


def read_text_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    source = str(path)
    try:
        text, _encoding, warning = decode(path.read_bytes(), source, max_bytes)
    except (ReadError, OSError) as exc:
        yield Item(source=source, error=str(exc))
        return
    date, body = parse_seed(text)
    if not body.strip():
        yield Item(source=source, date=date, error=f"{source} has a date header but no text")
        return
    yield Item(source=source, text=body, date=date, warning=warning)


def _clean_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    return m.group(1) if m else None


def read_jsonl_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    base = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Item(source=base, error=f"{base}: cannot open: {exc.strerror}")
        return
    with fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            where = f"{base}:{lineno}"
            if len(raw) > max_bytes * 2:
                yield Item(source=where, error=f"{where}: line is {len(raw) / 1e6:.1f} MB, over the limit")
                continue
            try:
                obj = msgspec.json.decode(raw)
            except msgspec.DecodeError as exc:
                yield Item(source=where, error=f"{where}: not JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                yield Item(source=where, error=f"{where}: a JSON {type(obj).__name__}, not an object")
                continue
            text = obj.get("text")
            source = str(obj.get("source") or obj.get("id") or where)
            if not isinstance(text, str) or not text.strip():
                yield Item(source=source, error=f"{where}: object has no 'text' (or it is empty)")
                continue
            if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
                yield Item(source=source, error=f"{where}: text is over the {max_bytes / 1e6:.0f} MB limit")
                continue
            ident = obj.get("id")
            yield Item(
                source=source,
                text=text,
                date=_clean_date(obj.get("date")),
                id=str(ident) if ident is not None else None,
                language=obj.get("language") if isinstance(obj.get("language"), str) else None,
                title=obj.get("title") if isinstance(obj.get("title"), str) else None,
                url=obj.get("url") if isinstance(obj.get("url"), str) else None,
            )


# suffix -> reader. Later formats add themselves here by name (no import side effects: see _lazy).
READERS: dict[str, str] = {
    ".txt": "letopis.ingest.readers:read_text_file",
    ".text": "letopis.ingest.readers:read_text_file",
    ".jsonl": "letopis.ingest.readers:read_jsonl_file",
    ".ndjson": "letopis.ingest.readers:read_jsonl_file",
    ".html": "letopis.ingest.html:read_html_file",
    ".htm": "letopis.ingest.html:read_html_file",
    ".xhtml": "letopis.ingest.html:read_html_file",
    ".rss": "letopis.ingest.feeds:read_feed_file",
    ".atom": "letopis.ingest.feeds:read_feed_file",
    ".xml": "letopis.ingest.feeds:read_feed_file",
    ".warc": "letopis.ingest.warc:read_warc_file",
    ".warc.gz": "letopis.ingest.warc:read_warc_file",
    ".arc": "letopis.ingest.warc:read_warc_file",
    ".arc.gz": "letopis.ingest.warc:read_warc_file",
}
# Files with these suffixes are skipped when a directory is walked (gold files, data beside articles).
SKIP_SUFFIXES = (".gold.json", ".md", ".tsv", ".csv", ".py", ".duckdb", ".wal", ".parquet")


def reader_for(path: Path) -> Callable[..., Iterator[Item]]:
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return _lazy(READERS[suffix])
    return read_text_file


def _lazy(target: str) -> Callable[..., Iterator[Item]]:
    import importlib

    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]


def expand_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Files named by ``paths``: files as given, directories walked in sorted order, globs expanded.
    Raises ReadError for a path that matches nothing."""
    for given in paths:
        matches = sorted(glob.glob(given, recursive=True)) if glob.has_magic(given) else [given]
        if not matches or not all(os.path.exists(m) for m in matches):
            raise ReadError(f"{given}: no such file or directory")
        for match in matches:
            p = Path(match)
            if p.is_dir():
                for root, dirs, files in os.walk(p):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for f in sorted(files):
                        if f.startswith(".") or f.lower().endswith(SKIP_SUFFIXES):
                            continue
                        yield Path(root) / f
            else:
                yield p


def files_of(given: str, errors: list[str] | None) -> list[Path]:
    """The files one path argument names (see expand_paths). When it matches nothing, its message is
    appended to ``errors`` and the list is empty; with ``errors`` None, ReadError is raised."""
    try:
        return list(expand_paths([given]))
    except ReadError as exc:
        if errors is None:
            raise
        errors.append(str(exc))
        return []


def read_path(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Every document in one file."""
    yield from reader_for(path)(path, max_bytes)
