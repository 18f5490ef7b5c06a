"""HTML pages to ``Item``s: the main text, the title and the publication date of one page.

The text is trafilatura's main-content extraction (favouring precision: menus, footers, comments and
related-article lists left out); when trafilatura finds nothing, a simple extractor takes the paragraphs,
headings and list items of ``<article>``, ``<main>`` or ``<body>``. The date is, in order, the page's
``article:published_time`` (or a similar ``<meta>``), JSON-LD ``datePublished``, microdata
``itemprop="datePublished"``, a ``<time pubdate>``, the article's first ``<time datetime>``, the page's
first, then trafilatura's metadata (markup only, no guessing from the text). The title is
trafilatura's, else ``og:title``, else ``<title>``.

Encodings: a page that is valid UTF-8 is read as UTF-8; otherwise the charset the server or the page
declares (``<meta charset>``, ``<meta http-equiv="Content-Type">``, an XML declaration) is used, and with
none declared the bytes decide (``letopis.ingest.decode``: Windows-1251 for Cyrillic, then Windows-1252).

Bad input never stops a run: an empty, binary or oversized file, markup lxml cannot parse, or a page with
no text becomes an ``Item`` with ``error``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator
from pathlib import Path

from letopis.errors import ReadError
from letopis.ingest.decode import MAX_BYTES, decode
from letopis.ingest.readers import Item

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I
)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")
_DATE = re.compile(r"\A\s*(\d{4})-(\d{2})-(\d{2})")
_DAY_FIRST = re.compile(r"\A\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\b")  # 18.12.2025; 1/2/2025 is ambiguous
# <meta> names and properties that carry the publication date, most specific first.
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date.published",
    "publish-date",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "parsely-pub-date",
    "sailthru.date",
)
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td", "figcaption"}
# Blocks (paragraphs, headings, list items) are separated by a blank line: the sentence splitter ends a
# sentence there, so a headline without a full stop does not run into the first sentence.
PARAGRAPH = "\n\n"
_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg", "iframe")


def read_html_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """The one document of an HTML file (``.html``, ``.htm``, ``.xhtml``)."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Item(source=source, error=f"{source}: cannot read: {exc.strerror}")
        return
    yield html_item(data, source, max_bytes=max_bytes)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first 4 KB, if Python knows it."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    return _known_codec((m.group(1) or m.group(2)).decode("ascii", "replace"))


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def decode_declared(
    data: bytes, what: str, charset: str | None = None, max_bytes: int = MAX_BYTES
) -> tuple[str, str | None]:
    """(text, warning) of a page: UTF-8 when the bytes are valid UTF-8 (a wrong declaration is common, a
    valid UTF-8 accident is not), else the charset declared by the server (``charset``) or the page, else
    what the bytes say. Raises ReadError for empty, binary or oversized input."""
    # A server that says UTF-8 for bytes that are not is common (a default setting): the page may know better.
    declared = next((c for c in (_known_codec(charset), declared_charset(data)) if c and c != "utf-8"), None)
    try:
        text, encoding, warning = decode(data, what, max_bytes)
    except ReadError as exc:
        # Bytes that fit no guessed encoding may still be what the page declares (Windows-1250, KOI8-R...).
        if declared and "no other encoding fits" in str(exc):
            return data.decode(declared, errors="replace"), None
        raise
    if encoding == "utf-8" and warning is None:
        return text, None
    if declared:
        return data.decode(declared, errors="replace"), None
    return text, warning


def html_item(
    data: bytes,
    source: str,
    *,
    url: str | None = None,
    charset: str | None = None,
    date: str | None = None,
    title: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Item:
    """The ``Item`` of one HTML page. ``date`` and ``title`` are used when the page has none of its own;
    ``charset`` is the server's declaration. Problems give an ``Item`` with ``error``."""
    try:
        markup, warning = decode_declared(data, source, charset, max_bytes)
    except ReadError as exc:
        return Item(source=source, url=url, date=date, title=title, error=str(exc))
    try:
        text, page_title, page_date = extract_page(markup, url)
    except ValueError as exc:
        return Item(source=source, url=url, date=date, title=title, error=f"{source}: not readable as HTML: {exc}")
    if not text.strip():
        return Item(source=source, url=url, date=page_date or date, title=page_title or title,
                    error=f"{source}: the page has no text")
    return Item(source=source, text=text, date=page_date or date, title=page_title or title, url=url,
                warning=warning)


def extract_page(markup: str, url: str | None = None) -> tuple[str, str | None, str | None]:
    """(main text, title, date) of an HTML page. Raises ValueError when lxml cannot parse it."""
    import lxml.etree
    import lxml.html
    import trafilatura

    markup = _XML_DECL.sub("", markup, count=1)  # lxml refuses str input that declares an encoding
    try:
        tree = lxml.html.fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ValueError(str(exc) or "empty document") from None
    date = page_date(tree)
    title = _page_title(tree)
    # trafilatura cleans the tree it is given in place; give it its own copy.
    extracted = trafilatura.bare_extraction(
        lxml.html.fromstring(markup),
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        # Dates from markup only: htmldate's extensive search guesses from any date in the text.
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": dt.date.today().isoformat(),
        },
    )
    text = ""
    if extracted is not None:
        # trafilatura 2 returns a Document, 1.x a dict.
        fields = extracted if isinstance(extracted, dict) else extracted.as_dict()
        text = PARAGRAPH.join(line.strip() for line in (fields.get("text") or "").splitlines() if line.strip())
        title = (fields.get("title") or "").strip() or title
        date = date or _iso_date(fields.get("date"))
    if not text:
        text = plain_text(tree)
    return text, title, date


def page_date(tree: object) -> str | None:
    """The publication date the markup states: <meta>, JSON-LD ``datePublished``, then <time datetime>."""
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):  # type: ignore[attr-defined]
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and key not in metas and meta.get("content"):
            metas[key] = meta.get("content")
    for key in _DATE_META:
        if found := _iso_date(metas.get(key)):
            return found
    for script in tree.iter("script"):  # type: ignore[attr-defined]
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            if found := _json_ld_date(script.text):
                return found
    # Microdata on any element, then a <time pubdate>, then the first <time> of the article, then any <time>:
    # a page's first <time> is often a sidebar's or a comment's.
    for el in tree.iter():  # type: ignore[attr-defined]
        if (el.get("itemprop") or "").strip() == "datePublished":
            if found := _iso_date(el.get("datetime") or el.get("content") or el.text_content()):
                return found
    times = [el for el in tree.iter("time") if el.get("datetime")]  # type: ignore[attr-defined]
    in_article = [el for el in times if any(a.tag == "article" for a in el.iterancestors())]
    for el in [t for t in times if t.get("pubdate") is not None] + in_article + times:
        if found := _iso_date(el.get("datetime")):
            return found
    return None


def _json_ld_date(raw: str) -> str | None:
    try:
        data = json.loads(raw)
    except ValueError:  # broken JSON-LD is common; the page's other dates still count
        return None
    stack = [data]
    while stack:
        node = stack.pop(0)
        if isinstance(node, dict):
            if found := _iso_date(node.get("datePublished")):
                return found
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(node)
    return None


def _iso_date(value: object) -> str | None:
    """YYYY-MM-DD of a date as pages write it in markup: ISO (``2025-12-18T10:00+02:00``), day first
    with dots (``18.12.2025``) or RFC 822 (``Thu, 18 Dec 2025 10:00:00 +0200``); the publisher's own
    local date, not converted to UTC. None for anything else or an impossible date."""
    if not isinstance(value, str):
        return None
    if m := _DATE.match(value):
        y, mo, d = m.group(1), m.group(2), m.group(3)
    elif m := _DAY_FIRST.match(value):
        d, mo, y = m.group(1), m.group(2), m.group(3)
    else:
        try:
            return email.utils.parsedate_to_datetime(value.strip()).date().isoformat()
        except (TypeError, ValueError, IndexError):
            return None
    try:
        return dt.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _page_title(tree: object) -> str | None:
    for meta in tree.iter("meta"):  # type: ignore[attr-defined]
        if (meta.get("property") or "").lower() == "og:title" and (meta.get("content") or "").strip():
            return " ".join(meta.get("content").split())
    for el in tree.iter("title"):  # type: ignore[attr-defined]
        text = " ".join(el.text_content().split())
        if text:
            return text
    return None


def plain_text(tree: object) -> str:
    """The text of an HTML tree or fragment without markup: block elements become paragraphs (a blank line between),
    scripts, styles, navigation, headers and footers are dropped. Mutates ``tree``."""
    for el in list(tree.iter(*_DROP)):  # type: ignore[attr-defined]
        if el.getparent() is not None:
            el.drop_tree()
    root = tree
    for tag in ("article", "main", "body"):
        found = next(iter(tree.iter(tag)), None)  # type: ignore[attr-defined]
        if found is not None:
            root = found
            break
    paragraphs: list[str] = []
    for el in root.iter(*_BLOCKS):  # type: ignore[attr-defined]
        if any(anc.tag in _BLOCKS for anc in el.iterancestors()):
            continue  # its text is already in the enclosing block
        text = " ".join(el.text_content().split())
        if text:
            paragraphs.append(text)
    if not paragraphs:
        text = " ".join(root.text_content().split())  # type: ignore[attr-defined]
        return text
    return PARAGRAPH.join(paragraphs)


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed item's summary); text without tags is returned as it is."""
    import lxml.etree
    import lxml.html

    if "<" not in markup:
        return " ".join(markup.split())
    try:
        tree = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return " ".join(re.sub(r"<[^>]*>", " ", markup).split())
    return plain_text(tree)
