"""URLs read through ``read_items`` against a real HTTP server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from letopis.cli import main
from letopis.errors import ReadError
from letopis.ingest.urls import fetch, sniff
from letopis.runners.local import read_items
from tests.integration.local_http import bypass_proxy, closed_port, serve

BG_PAGE = (
    '<!doctype html><html><head><meta charset="windows-1251"><title>Новини</title>'
    '<meta property="article:published_time" content="2025-12-18T10:00:00+02:00"></head><body><article>'
    "<h1>Лукашенко освободи затворници</h1>"
    "<p>Беларуският президент Александър Лукашенко помилва 123 затворници, съобщи агенция Белта в събота.</p>"
    "<p>Сред освободените е опозиционната активистка Мария Колесникова, заяви говорителят на президента.</p>"
    "</article></body></html>"
)
EN_PAGE = (
    "<html><head><title>News</title></head><body><article><h1>Lukashenko frees prisoners</h1>"
    "<p>Belarusian President Alexander Lukashenko pardoned 123 prisoners on Saturday, the state agency said.</p>"
    "</article></body></html>"
)


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    bypass_proxy(monkeypatch)


def rss(base: str, links: list[str]) -> str:
    items = "".join(
        f"<item><title>Item {i}</title><link>{link}</link><pubDate>Sat, 20 Dec 2025 10:00:00 +0200</pubDate>"
        f"<description>Summary of item {i}.</description></item>"
        for i, link in enumerate(links)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>{base}/</link>{items}</channel></rss>'


@pytest.fixture()
def site():
    with serve() as s:
        s.put("/bg", BG_PAGE.encode("cp1251"), "text/html")  # no charset from the server: the page declares it
        s.put("/en", EN_PAGE)
        s.put("/moved", "/en", status=301)
        s.put("/plain", "Протест в Минск.".encode("cp1251"), "text/plain; charset=windows-1251")
        s.put("/pdf", b"%PDF-1.4 binary", "application/pdf")
        s.put("/feed", rss(s.base, ["/bg", "/en", "/gone"]), "text/html")  # a feed served under a wrong type
        s.put("/notxml", "just some words, not xml", "application/rss+xml")
        s.put("/gz", gzip.compress(EN_PAGE.encode()), "text/html", headers={"Content-Encoding": "gzip"})
        s.put("/badgz", b"not gzip at all", "text/html", headers={"Content-Encoding": "gzip"})
        yield s


def test_pages_feeds_and_failures(site):
    dead = f"http://127.0.0.1:{closed_port()}/x"
    urls = [site.url(p) for p in ("/bg", "/moved", "/plain", "/pdf", "/missing", "/notxml")] + [dead]
    bg, moved, plain, pdf, missing, notxml, refused = read_items(urls)
    assert bg.error is None and bg.date == "2025-12-18" and "Мария Колесникова" in bg.text
    assert moved.error is None and moved.url == site.url("/en") and "pardoned 123" in moved.text
    assert plain.text == "Протест в Минск."
    assert "application/pdf is not a page" in pdf.error
    assert "HTTP 404" in missing.error and missing.source == site.url("/missing")
    assert "not an RSS or Atom feed" in notxml.error
    assert refused.error.startswith(dead) and "cannot fetch" in refused.error


def test_feed_url_reads_linked_pages(site):
    items = list(read_items([site.url("/feed")]))
    assert [i.source for i in items] == [site.url("/bg"), site.url("/en"), site.url("/gone")]
    bg, en, gone = items
    assert bg.date == "2025-12-20" and "Беларуският президент" in bg.text  # the feed's date wins
    assert "pardoned 123 prisoners" in en.text
    assert gone.text == "Item 2\n\nSummary of item 2." and "HTTP 404" in gone.warning


def test_fetch_undoes_gzip_and_caps_size(site):
    assert fetch(site.url("/gz")).data == EN_PAGE.encode()
    with pytest.raises(ReadError, match="not valid gzip"):
        fetch(site.url("/badgz"))
    with pytest.raises(ReadError, match="over the"):
        fetch(site.url("/en"), max_bytes=100)
    with pytest.raises(ReadError, match="over the .* once unpacked"):
        fetch(site.url("/gz"), max_bytes=len(EN_PAGE) - 10)


@pytest.mark.parametrize(
    "ctype, data, kind",
    [
        ("text/html", b"<?xml version='1.0'?><rss version='2.0'></rss>", "feed"),
        ("application/octet-stream", b"\n<!DOCTYPE html><html></html>", "html"),
        ("application/atom+xml", b"<x/>", "feed"),
        ("text/plain", b"words", "text"),
        ("image/png", b"\x89PNG", None),
    ],
)
def test_sniff(ctype, data, kind):
    assert sniff(ctype, data) == kind


def test_extract_cli_reads_urls_and_records_failures(site):
    dead = f"http://127.0.0.1:{closed_port()}/"
    result = CliRunner().invoke(main, ["extract", site.url("/en"), site.url("/missing"), dead])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert [r["source"] for r in records] == [site.url("/en"), site.url("/missing"), dead]
    assert records[0]["errors"] == [] and records[0]["language"] == "en"
    assert "HTTP 404" in records[1]["errors"][0] and "cannot fetch" in records[2]["errors"][0]


def test_ingest_records_every_bad_input_and_goes_on(site, tmp_path):
    """The issue's bad inputs in one `letopis ingest` run: each is a failed record, the good ones are stored."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from letopis.store.db import reading

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i, body in enumerate((BG_PAGE.replace("windows-1251", "utf-8").replace("123", "124"), EN_PAGE, EN_PAGE.replace("123", "45"))):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"http://127.0.0.1/arch/{i}", "response", payload=io.BytesIO(body.encode()), http_headers=headers))
    (tmp_path / "cut.warc.gz").write_bytes(buf.getvalue()[:-120])
    (tmp_path / "junk.rss").write_text("<<< not xml", encoding="utf-8")
    (tmp_path / "bg1251.html").write_bytes(BG_PAGE.encode("cp1251"))
    dead = f"http://127.0.0.1:{closed_port()}/news"
    db = str(tmp_path / "s.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "cut.warc.gz"), str(tmp_path / "junk.rss"),
                                       str(tmp_path / "bg1251.html"), site.url("/missing"), dead, "--db", db])
    assert result.exit_code == 1, result.output
    with reading(db) as con:
        rows = dict(con.execute("SELECT source, coalesce(error, status) FROM documents").fetchall())
    cut = str(tmp_path / "cut.warc.gz")
    assert rows.pop("http://127.0.0.1/arch/0") == "processed" and rows.pop("http://127.0.0.1/arch/1") == "processed"
    assert rows.pop(str(tmp_path / "bg1251.html")) == "processed"
    assert "truncated or corrupt at byte" in rows.pop(cut)
    assert "not an RSS or Atom feed" in rows.pop(str(tmp_path / "junk.rss"))
    assert "HTTP 404" in rows.pop(site.url("/missing")) and "cannot fetch" in rows.pop(dead)
    assert rows == {}
