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

from letopis.errors import ReadError
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
    """What a watch did: polls made, items handed over (of which failed), items skipped as already seen."""

    polls: int = 0
    items: int = 0
    failed: int = 0
    skipped: int = 0
    stopped: str = ""
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.polls} poll(s), {self.items} new item(s) ({self.failed} failed), "
            f"{self.skipped} already seen; stopped: {self.stopped}"
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
        for item in items:
            if item.error is None:
                self.seen.add(item.source)
        return items

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
    sleep: Callable[[float], None] = time.sleep,
) -> WatchSummary:
    """Poll ``feeds`` every ``every`` seconds, ``max_polls`` times (None: until interrupted), handing each
    poll's new items to ``ingest`` and then to ``on_poll`` (for progress lines). Returns the summary;
    Ctrl-C ends the loop and is not raised."""
    watcher = FeedWatcher(list(feeds), known=known)
    summary = WatchSummary()
    try:
        while True:
            items = watcher.poll()
            if items:
                ingest(items)
            summary.polls += 1
            summary.items += len(items)
            summary.failed += sum(1 for i in items if i.error)
            summary.errors.extend(i.error for i in items if i.error)
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
