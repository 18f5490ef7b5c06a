"""RSS and Atom feeds to ``Item``s: one document per feed item.

For each item the page it links to is read as HTML when it is a local file (a ``file:`` URL or a path
relative to a local feed) or an http(s) URL that answers; otherwise the item's own text is used: its title
and its summary or content (the longer), HTML stripped (a title alone is not enough). The date is the
item's ``published`` (else ``updated``) date as the publisher wrote it, falling back to the page's own
date; the source is the item's link, else its id, else the feed and the item's position.

Bad input never stops a run: input that is not an RSS/Atom feed (not XML, an HTML page, an empty file)
gives one ``Item`` with ``error`` naming the feed. An item whose page cannot be fetched (HTTP 404, a closed
port) keeps the item's own text and records the failure as a warning; with no text of its own, it becomes
an ``Item`` with ``error``.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from letopis.errors import ReadError
from letopis.ingest.decode import MAX_BYTES
from letopis.ingest.html import PARAGRAPH, _iso_date, fragment_text, html_item
from letopis.ingest.readers import Item
from letopis.ingest.urls import TIMEOUT, fetch, is_url, sniff

# Pages of one feed fetched at once: enough to hide network waits, few enough to be polite to one server.
FETCH_WORKERS = 4


def read_feed_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """The items of a feed file (``.rss``, ``.atom``, ``.xml``); relative links are read beside it."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Item(source=source, error=f"{source}: cannot read: {exc.strerror}")
        return
    yield from feed_items(data, source, base=path.resolve().as_uri(), max_bytes=max_bytes)


def feed_items(
    data: bytes,
    source: str,
    *,
    base: str | None = None,
    fetch_pages: bool = True,
    skip: Callable[[str], bool] | None = None,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT,
) -> Iterator[Item]:
    """Items of the feed in ``data``. ``base`` (the feed's URL or ``file:`` URI) resolves relative links;
    with ``fetch_pages`` false only the items' own text is used; items whose source ``skip`` accepts are
    left out (already read, so not fetched again). A feed that cannot be parsed gives one error ``Item``."""
    entries = parse_feed(data, source)
    if isinstance(entries, Item):
        yield entries
        return
    todo = []
    for index, entry in enumerate(entries, 1):
        link = _link(entry, base)
        item_source = link or str(entry.get("id") or "") or f"{source}#{index}"
        if skip is None or not skip(item_source):
            todo.append((entry, item_source, link))
    if len(todo) < 2 or not fetch_pages:
        for entry, item_source, link in todo:
            yield entry_item(entry, item_source, link, fetch_pages, max_bytes, timeout)
        return
    # Pages are fetched a few at a time: waiting on one slow server per item would make a 50-item feed take
    # minutes. Results come back in feed order.
    pool = ThreadPoolExecutor(max_workers=min(FETCH_WORKERS, len(todo)), thread_name_prefix="letopis-fetch")
    try:
        yield from pool.map(lambda t: entry_item(t[0], t[1], t[2], fetch_pages, max_bytes, timeout), todo)
    finally:
        # On Ctrl-C or an abandoned generator, pages not yet asked for are not asked for.
        pool.shutdown(wait=False, cancel_futures=True)


def parse_feed(data: bytes, source: str) -> list[Any] | Item:
    """The entries of a feed, or an error ``Item`` when ``data`` is not an RSS/Atom feed."""
    import feedparser

    if not data.strip():
        return Item(source=source, error=f"{source}: the feed is empty")
    if sniff("", data) == "html":
        return Item(source=source, error=f"{source}: an HTML page, not an RSS or Atom feed")
    # Bytes, never a string: feedparser would fetch a string that looks like a URL.
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        return Item(source=source, error=f"{source}: not an RSS or Atom feed" + (f" ({why})" if why else ""))
    return list(parsed.entries)


def _link(entry: Any, base: str | None) -> str | None:
    link = (entry.get("link") or "").strip()
    if not link:
        return None
    return urllib.parse.urljoin(base, link) if base else link


def entry_item(
    entry: Any, source: str, link: str | None, fetch_pages: bool = True, max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT,
) -> Item:
    """One feed entry as an ``Item``: its page when readable, else its own text (see the module doc)."""
    title = " ".join((entry.get("title") or "").split()) or None
    date = entry_date(entry)
    # A title alone is a headline, not an article: it stands in for a page only with a summary or content.
    own = _entry_text(entry, title)
    page_error = None
    if link and fetch_pages:
        page = _read_page(link, source, date, title, max_bytes, timeout)
        if page.error is None:
            return page
        page_error = page.error
    if own:
        warning = f"{page_error}; the feed item's own text was used" if page_error else None
        return Item(source=source, text=own, date=date, title=title, url=link, warning=warning)
    return Item(source=source, date=date, title=title, url=link,
                error=page_error or f"{source}: the feed item has no text and no page")


def _read_page(link: str, source: str, date: str | None, title: str | None, max_bytes: int, timeout: float) -> Item:
    if is_url(link):
        try:
            resp = fetch(link, timeout=timeout, max_bytes=max_bytes)
        except ReadError as exc:
            return Item(source=source, error=str(exc))
        if sniff(resp.content_type, resp.data) != "html":
            return Item(source=source, error=f"{link}: {resp.content_type or 'the answer'} is not an HTML page")
        page = html_item(resp.data, source, url=resp.url, charset=resp.charset, max_bytes=max_bytes)
    elif link.startswith("file:"):
        path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(link).path))
        if not path.is_file():
            return Item(source=source, error=f"{link}: no such file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Item(source=source, error=f"{link}: cannot read: {exc.strerror}")
        page = html_item(data, source, url=link, max_bytes=max_bytes)
    else:
        return Item(source=source, error=f"{link}: neither an http(s) URL nor a local file")
    # The feed's date is the publisher's statement for this item; the page's own is the fallback.
    if page.error is None:
        page.date = date or page.date
        page.title = title or page.title
    return page


def _entry_text(entry: Any, title: str | None) -> str:
    """Title and the longer of summary and content, HTML stripped; empty when there is no summary or content."""
    bodies = [c.get("value") or "" for c in entry.get("content") or []]
    bodies.append(entry.get("summary") or "")
    body = fragment_text(max(bodies, key=len)) if any(b.strip() for b in bodies) else ""
    if not body:
        return ""
    if title and body.startswith(title):
        return body
    return PARAGRAPH.join(t for t in (title, body) if t)


def entry_date(entry: Any) -> str | None:
    """YYYY-MM-DD of an entry's published (else updated) date, in the publisher's own time zone."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        if found := _iso_date(raw):  # ISO (Atom) or RFC 822 (RSS), the publisher's own day
            return found
        parsed = entry.get(key + "_parsed")  # other formats feedparser knows, in UTC
        if parsed:
            return dt.date(*parsed[:3]).isoformat()
    return None

