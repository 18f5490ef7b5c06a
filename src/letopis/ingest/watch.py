"""Watching feeds: poll RSS/Atom feeds (URLs or local files) every so often and hand new items to a callback.

``watch`` is the loop behind ``letopis watch``. Each poll reads every feed, leaves out the items whose link
(or id) it has already handed over in this run or that ``known`` says are stored, reads the pages of the
others (``letopis.ingest.feeds``) and passes them to ``ingest`` as one list. Items that failed are not
remembered, so a page that answered 404 is tried again at the next poll. Feeds asked over HTTP are asked
conditionally (ETag, Last-Modified): an unchanged feed costs one 304 answer.

Bad input never stops the loop: a feed that cannot be fetched or parsed becomes an ``Item`` with ``error``
(handed to ``ingest`` like the others, so it is recorded); Ctrl-C (KeyboardInterrupt) ends the loop
cleanly between or during polls and the summary says so.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from letopis.errors import LetopisError, ReadError
from letopis.ingest.decode import MAX_BYTES
from letopis.ingest.feeds import feed_items
from letopis.ingest.readers import Item
from letopis.ingest.urls import fetch, is_url

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 1}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.I)


def parse_every(text: str) -> float:
    """Seconds in an interval such as ``15m``, ``1s``, ``2h``, ``1h30m`` or ``90`` (seconds).
    Raises ValueError for anything else or for zero."""
    spec = text.strip().lower()
    pos, total = 0, 0.0
    for m in _PART.finditer(spec):
        if m.start() != pos or (m.group(2) == "" and m.end() != len(spec)):
            break
        total += float(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    if pos != len(spec) or not spec or total <= 0:
        raise ValueError(f"{text!r} is not an interval such as 15m, 30s, 2h or 1h30m")
    return total


@dataclass
class WatchSummary:
    """What a watch did: polls made, items handed over (of which failed), items skipped as already seen,
    and the polls whose items could not be stored (``errors``)."""

    polls: int = 0
    items: int = 0
    failed: int = 0
    skipped: int = 0
    stopped: str = ""
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        unstored = f", {len(self.errors)} poll(s) not stored" if self.errors else ""
        return (
            f"{self.polls} poll(s), {self.items} new item(s) ({self.failed} failed), "
            f"{self.skipped} already seen{unstored}; stopped: {self.stopped}"
        )


@dataclass
class FeedWatcher:
    """The state of a watch across polls: links already handed over, conditional-GET validators per feed."""

    feeds: list[str]
    known: Callable[[str], bool] | None = None
    max_bytes: int = MAX_BYTES
    seen: set[str] = field(default_factory=set)
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped: int = 0

    def poll(self) -> list[Item]:
        """New items of every feed, in feed order; a feed that cannot be read gives one error ``Item``."""
        items: list[Item] = []
        this_poll: set[str] = set()

        def skip(source: str) -> bool:
            if source in self.seen or source in this_poll or (self.known is not None and self.known(source)):
                self.skipped += 1
                return True
            this_poll.add(source)
            return False

        for feed in self.feeds:
            items.extend(self._read_feed(feed, skip))
        return items

    def remember(self, items: Iterable[Item]) -> None:
        """Mark the items that were read as handed over (failed ones stay to be tried again)."""
        self.seen.update(item.source for item in items if item.error is None)

    def _read_feed(self, feed: str, skip: Callable[[str], bool]) -> Iterable[Item]:
        if is_url(feed):
            try:
                resp = fetch(feed, max_bytes=self.max_bytes, headers=self.validators.get(feed))
            except ReadError as exc:
                return [Item(source=feed, url=feed, error=str(exc))]
            if resp.status == 304:
                return []
            self.validators[feed] = {
                name: resp.headers[key]
                for name, key in (("If-None-Match", "etag"), ("If-Modified-Since", "last-modified"))
                if key in resp.headers
            }
            data, base = resp.data, resp.url
        else:
            path = Path(feed)
            try:
                data = path.read_bytes()
            except OSError as exc:
                return [Item(source=feed, error=f"{feed}: cannot read: {exc.strerror}")]
            base = path.resolve().as_uri()
        return list(feed_items(data, feed, base=base, skip=skip, max_bytes=self.max_bytes))


def watch(
    feeds: Iterable[str],
    ingest: Callable[[list[Item]], object],
    every: float,
    max_polls: int | None = None,
    known: Callable[[str], bool] | None = None,
    on_poll: Callable[[int, list[Item]], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> WatchSummary:
    """Poll ``feeds`` every ``every`` seconds, ``max_polls`` times (None: until interrupted), handing each
    poll's new items to ``ingest`` and then to ``on_poll`` (for progress lines). When ``ingest`` raises a
    LetopisError (the store is busy or cannot be written) the error goes to ``on_error`` and the summary,
    and the same items are tried at the next poll. Returns the summary; Ctrl-C ends the loop and is not raised."""
    watcher = FeedWatcher(list(feeds), known=known)
    summary = WatchSummary()
    try:
        while True:
            items = watcher.poll()
            summary.polls += 1
            if items:
                try:
                    ingest(items)
                except LetopisError as exc:
                    summary.errors.append(f"poll {summary.polls}: {exc}")
                    if on_error is not None:
                        on_error(summary.errors[-1])
                    items = []
                watcher.remember(items)
            summary.items += len(items)
            summary.failed += sum(1 for i in items if i.error)
            summary.skipped = watcher.skipped
            if on_poll is not None:
                on_poll(summary.polls, items)
            if max_polls is not None and summary.polls >= max_polls:
                summary.stopped = f"after {max_polls} poll(s)"
                break
            sleep(every)
    except KeyboardInterrupt:
        summary.stopped = "interrupted"
        summary.skipped = watcher.skipped
    return summary


def stored_sources(db: str) -> set[str]:
    """Sources of the documents the store at ``db`` holds and read well (failed ones are to be retried);
    empty when there is no store yet. Raises StoreError when the store cannot be read."""
    import os

    # Imported here: readers do not depend on the store; only this glue for `letopis watch` does.
    from letopis.store import db as storedb

    if not os.path.exists(db):
        return set()
    with storedb.reading(db) as con:
        return {row[0] for row in con.execute("SELECT source FROM documents WHERE status <> 'failed'").fetchall()}


def watch_into_store(
    feeds: Iterable[str],
    db: str,
    every: float,
    max_polls: int | None = None,
    language: str | None = None,
    on_poll: Callable[[int, list[Item]], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> WatchSummary:
    """``watch`` whose new items go through the pipeline into the store at ``db`` (``ingest_items``), skipping
    item links the store already holds. Raises StoreError when the store cannot be read at the start."""
    from letopis.runners.local import build_pipeline
    from letopis.store.writer import ingest_items

    known = stored_sources(db)
    pipeline = build_pipeline(language)
    return watch(
        feeds,
        lambda items: ingest_items(items, db, pipeline),
        every,
        max_polls=max_polls,
        known=known.__contains__,
        on_poll=on_poll,
        on_error=on_error,
    )
