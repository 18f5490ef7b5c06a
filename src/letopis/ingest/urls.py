"""URLs to ``Item``s: fetch a page or feed over HTTP(S) and read it by what it turns out to be.

``fetch`` follows redirects (at most 10), stops after ``timeout`` seconds without data, refuses a body over
the size cap and undoes gzip/deflate content encoding. ``read_url`` sniffs what came back: an RSS/Atom feed
(by its root element, whatever the server calls it), an HTML page (by markup or content type), or plain
text; each is read by its own reader.

Bad input never stops a run: an HTTP error status (404...), a refused connection, an unknown host, a
timeout, an oversized body or a content type that is not text (a PDF, an image) becomes one ``Item`` with
``error`` naming the URL and the cause.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from letopis import __version__
from letopis.errors import ReadError
from letopis.ingest.decode import MAX_BYTES
from letopis.ingest.readers import Item

if TYPE_CHECKING:
    from email.message import Message

# A news page answers within seconds; 20 s without a byte means the host is gone, not slow.
TIMEOUT = 20.0
USER_AGENT = f"letopis/{__version__} (+news reader; one page at a time)"

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+xml",
}
# Root of a feed after an optional XML declaration, comments, doctype or stylesheet instructions.
_FEED_ROOT = re.compile(rb"\A(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:[\w.-]+:)?(rss|feed|RDF)\b", re.S | re.I)
_HTML_ROOT = re.compile(rb"\A(?:\s|<\?[^>]*\?>|<!--.*?-->)*<(?:!doctype\s+html|html|head|body)\b", re.S | re.I)


def is_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


@dataclass
class Response:
    """What a fetch returned: the final URL after redirects, the status, the media type and its charset."""

    url: str
    status: int
    content_type: str = ""
    charset: str | None = None
    data: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def fetch(
    url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES, headers: dict[str, str] | None = None
) -> Response:
    """GET ``url``. Returns the response for 2xx and 304 (Not Modified, with no body, when ``headers`` asked
    for it). Raises ReadError for another scheme than http(s), an HTTP error status, a connection error,
    a timeout or a body over ``max_bytes``."""
    import urllib.error
    import urllib.request

    if not is_url(url):
        raise ReadError(f"{url}: only http:// and https:// URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            raw = resp.read(max_bytes + 1)
            status, final, info = resp.status, resp.geturl(), resp.headers
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(url=url, status=304, headers=_headers(exc.headers))
        raise ReadError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else exc.reason
        raise ReadError(f"{url}: cannot fetch: {reason}") from None
    except TimeoutError:
        raise ReadError(f"{url}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:  # a reset connection, a malformed URL or status line
        raise ReadError(f"{url}: cannot fetch: {exc}") from None
    if len(raw) > max_bytes:
        raise ReadError(f"{url}: body is over the {max_bytes / 1e6:.0f} MB limit for one page")
    data = _undo_encoding(raw, info.get("Content-Encoding", ""), url, max_bytes)
    return Response(
        url=final,
        status=status,
        content_type=info.get_content_type() if info.get("Content-Type") else "",
        charset=info.get_content_charset(),
        data=data,
        headers=_headers(info),
    )


def _headers(info: Message | None) -> dict[str, str]:
    return {k.lower(): v for k, v in info.items()} if info is not None else {}


def _undo_encoding(raw: bytes, encoding: str, url: str, max_bytes: int) -> bytes:
    encoding = encoding.strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return raw
    # wbits 47 reads gzip or zlib headers alike; max_length caps a decompression bomb.
    inflater = zlib.decompressobj(47 if encoding != "deflate" else 15)
    try:
        data = inflater.decompress(raw, max_bytes + 1)
    except zlib.error as exc:
        raise ReadError(f"{url}: body is not valid {encoding}: {exc}") from None
    if len(data) > max_bytes:
        raise ReadError(f"{url}: body is over the {max_bytes / 1e6:.0f} MB limit for one page once unpacked")
    return data


def sniff(content_type: str, data: bytes) -> str | None:
    """'feed', 'html' or 'text' for a body and its media type; None for anything else (binary)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if _FEED_ROOT.match(head):
        return "feed"
    if _HTML_ROOT.match(head) or content_type in _HTML_TYPES:
        return "html"
    if content_type in _FEED_TYPES or content_type.endswith(("+xml", "/xml")):
        return "feed"
    if content_type.startswith("text/") or not content_type:
        return "text"
    return None


def read_url(url: str, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> Iterator[Item]:
    """Every document at ``url``: one for a page or a text, one per item for a feed. A failed fetch or a
    body that is not text becomes one ``Item`` with ``error``."""
    try:
        resp = fetch(url, timeout=timeout, max_bytes=max_bytes)
    except ReadError as exc:
        yield Item(source=url, url=url, error=str(exc))
        return
    yield from read_response(url, resp, max_bytes)


def read_response(source: str, resp: Response, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """The documents in a fetched body, read by what ``sniff`` says it is."""
    from letopis.ingest.feeds import feed_items
    from letopis.ingest.html import decode_declared, html_item

    kind = sniff(resp.content_type, resp.data)
    if kind == "feed":
        yield from feed_items(resp.data, source, base=resp.url, max_bytes=max_bytes)
    elif kind == "html":
        yield html_item(resp.data, source, url=resp.url, charset=resp.charset, max_bytes=max_bytes)
    elif kind == "text":
        try:
            text, warning = decode_declared(resp.data, source, resp.charset, max_bytes)
        except ReadError as exc:
            yield Item(source=source, url=resp.url, error=str(exc))
            return
        yield Item(source=source, url=resp.url, text=text, warning=warning)
    else:
        yield Item(source=source, url=resp.url, error=f"{source}: {resp.content_type} is not a page, feed or text")

