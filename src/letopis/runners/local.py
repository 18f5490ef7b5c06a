"""The local runner: documents from paths through one pipeline, in this process, in input order.

``extract_items`` is what every face calls (CLI, store ingest, API): it takes reader ``Item``s and yields one
``DocumentRecord`` per item, never fewer. An item that could not be read gives a failed record; a document a
stage failed on keeps what the other stages found and the stage's error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from letopis.ingest.readers import Item, files_of, read_path
from letopis.ingest.urls import is_url, read_url
from letopis.model import Document, DocumentRecord, failed_record, to_record
from letopis.pipeline import Pipeline, PipelineConfig


def document_from_item(item: Item, language: str | None = None) -> Document:
    doc = Document(
        text=item.text,
        date=item.date,
        source=item.source,
        id=None,
        language=item.language or language,
        title=item.title,
    )
    if item.warning:
        doc.errors.append(item.warning)
    return doc


def extract_items(
    items: Iterable[Item], pipeline: Pipeline | None = None, with_text: bool = False
) -> Iterator[DocumentRecord]:
    pipe = pipeline or Pipeline.from_config()
    for item in items:
        if item.error:
            yield failed_record(item.source, item.error, item.date, item.text)
            continue
        doc = pipe(document_from_item(item, pipe.config.language))
        yield to_record(doc, with_text=with_text)


def extract_text(
    text: str,
    date: str | None = None,
    source: str = "<text>",
    language: str | None = None,
    pipeline: Pipeline | None = None,
    with_text: bool = False,
) -> DocumentRecord:
    """One text to its record: the library call for a single article."""
    item = Item(source=source, text=text, date=date, language=language)
    return next(extract_items([item], pipeline, with_text))


def read_items(paths: Iterable[str], errors: list[str] | None = None) -> Iterator[Item]:
    """Items from files, directories, globs and http(s):// URLs (a page, a feed or a text, fetched). A path
    that does not exist is appended to ``errors`` (when given) or raised; the other paths are still read.
    A URL that cannot be fetched (HTTP error, closed port, timeout) gives an ``Item`` with ``error``."""
    for given in paths:
        if is_url(given):
            yield from read_url(given)
            continue
        for path in files_of(given, errors):
            yield from read_path(path)


def build_pipeline(language: str | None = None, stages: tuple[str, ...] | None = None) -> Pipeline:
    config = PipelineConfig(language=language) if stages is None else PipelineConfig(stages=stages, language=language)
    return Pipeline.from_config(config)
