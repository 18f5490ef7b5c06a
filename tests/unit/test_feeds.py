from __future__ import annotations

import pytest

from letopis.ingest.feeds import feed_items
from letopis.ingest.readers import read_path

PAGE = (
    "<html><head><title>Страница</title>"
    '<meta property="article:published_time" content="2025-12-01T10:00:00+02:00"></head><body><article>'
    "<h1>Лукашенко освободи затворници</h1>"
    "<p>Беларуският президент Александър Лукашенко помилва 123 затворници, съобщи агенция Белта в събота.</p>"
    "<p>Сред освободените е опозиционната активистка Мария Колесникова, заяви говорителят на президента.</p>"
    "</article></body></html>"
)

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Новини</title><link>http://127.0.0.1/</link>
<item><title>Лукашенко освободи затворници</title><link>pages/one.html</link><guid>one</guid>
  <pubDate>Thu, 18 Dec 2025 01:30:00 +0200</pubDate><description>Кратко резюме.</description></item>
<item><title>Протест в Минск</title><link>pages/missing.html</link><guid>two</guid>
  <pubDate>Fri, 19 Dec 2025 09:00:00 GMT</pubDate>
  <description>&lt;p&gt;Хиляди души протестираха в &lt;b&gt;Минск&lt;/b&gt; в петък.&lt;/p&gt;</description></item>
<item><title></title><link>pages/also-missing.html</link><guid>three</guid></item>
<item><guid isPermaLink="false">urn:letopis:four</guid><title>Only a title and a summary</title>
  <description>Text of the fourth item, with no link at all.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title><id>urn:feed</id><updated>2025-12-20T00:00:00Z</updated>
<entry><title>Lukashenko pardons prisoners</title><id>urn:entry:1</id><updated>2025-12-20T08:00:00+03:00</updated>
  <content type="html">&lt;p&gt;Belarusian President Alexander Lukashenko pardoned 123 prisoners on Saturday.&lt;/p&gt;</content>
  <summary>Short.</summary></entry>
</feed>
"""


@pytest.fixture()
def rss(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "one.html").write_text(PAGE, encoding="utf-8")
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")
    return path


def test_rss_items(rss):
    one, two, three, four = read_path(rss)
    # The page beside the feed is read; the feed's date (its own local day) wins over the page's.
    assert one.error is None and "Мария Колесникова" in one.text and one.date == "2025-12-18"
    assert one.source == (rss.parent / "pages" / "one.html").as_uri() and one.title == "Лукашенко освободи затворници"
    # A page that is not there: the item's own text, HTML stripped, and the failure kept as a warning.
    assert two.error is None and two.text == "Протест в Минск\n\nХиляди души протестираха в Минск в петък."
    assert "missing.html: no such file" in two.warning and two.date == "2025-12-19"
    # No page and no text of its own: an error item.
    assert three.error and "also-missing.html" in three.error
    assert four.source == "urn:letopis:four" and four.text.startswith("Only a title and a summary\n\nText of")


def test_atom_entry_longer_body_and_updated_date(tmp_path):
    path = tmp_path / "news.atom"
    path.write_text(ATOM, encoding="utf-8")
    [item] = read_path(path)
    assert item.source == "urn:entry:1" and item.date == "2025-12-20"
    assert "pardoned 123 prisoners" in item.text and "Short." not in item.text


def test_skip_leaves_out_known_items(rss):
    base = rss.resolve().as_uri()
    items = list(feed_items(rss.read_bytes(), str(rss), base=base, skip=lambda s: s != "urn:letopis:four"))
    assert [i.source for i in items] == ["urn:letopis:four"]


def test_no_fetch_uses_item_text(rss):
    items = list(feed_items(rss.read_bytes(), str(rss), base=rss.resolve().as_uri(), fetch_pages=False))
    assert items[0].text == "Лукашенко освободи затворници\n\nКратко резюме." and items[0].warning is None


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("junk.xml", b"this is not xml at all, just words", "not an RSS or Atom feed"),
        ("page.rss", b"<!doctype html><html><body><p>Hello</p></body></html>", "an HTML page, not an RSS"),
        ("empty.atom", b"  \n", "empty"),
        ("cut.rss", RSS.encode()[:40], "not an RSS or Atom feed"),
    ],
)
def test_bad_feeds_are_error_items(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    [item] = read_path(path)
    assert item.error and message in item.error and name in item.error
