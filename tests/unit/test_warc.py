from __future__ import annotations

import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from letopis.ingest.readers import read_path

BG = (
    "<p>Беларуският президент Александър Лукашенко помилва 123 затворници, съобщи агенция Белта в събота.</p>"
    "<p>Сред освободените е опозиционната активистка Мария Колесникова, заяви говорителят на президента.</p>"
)
EN = (
    "<p>Belarusian President Alexander Lukashenko pardoned 123 prisoners on Saturday, the state agency said.</p>"
    "<p>Among those released was the opposition activist Maria Kolesnikova, a spokesman told reporters.</p>"
)


def html(body: str, head: str = "") -> bytes:
    return f"<html><head><title>T</title>{head}</head><body><article><h1>Заглавие</h1>{body}</article></body></html>".encode()


# (uri, status, content type, payload); the 404, the image and the script are skipped.
RECORDS = [
    ("http://127.0.0.1/bg/1", "200 OK", "text/html; charset=utf-8",
     html(BG, '<meta property="article:published_time" content="2025-12-18">')),
    ("http://127.0.0.1/missing", "404 Not Found", "text/html", html("<p>Няма такава страница.</p>")),
    ("http://127.0.0.1/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ("http://127.0.0.1/en/2", "200 OK", "text/html", html(EN)),
    ("http://127.0.0.1/app.js", "200 OK", "application/javascript", b"var x = 1;"),
    ("http://127.0.0.1/bg/3.txt", "200 OK", "text/plain; charset=windows-1251",
     "Протестиращите в Минск поискаха оставката на Лукашенко.".encode("cp1251")),
]


def write_warc(path, gzip: bool) -> list[int]:
    """Write RECORDS (with a request record before each) to ``path``; the byte offsets of the responses."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    offsets = []
    for uri, status, ctype, payload in RECORDS:
        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "127.0.0.1")], is_http_request=True)
        writer.write_record(writer.create_warc_record(uri, "request", http_headers=req))
        offsets.append(buf.tell())
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)
        record.rec_headers.replace_header("WARC-Date", "2025-12-20T06:00:00Z")
        writer.write_record(record)
    path.write_bytes(buf.getvalue())
    return offsets


@pytest.mark.parametrize("name, gzip", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_pages_in_archive(tmp_path, name, gzip):
    path = tmp_path / name
    write_warc(path, gzip)
    items = list(read_path(path))
    assert [i.source for i in items] == ["http://127.0.0.1/bg/1", "http://127.0.0.1/en/2", "http://127.0.0.1/bg/3.txt"]
    assert all(i.error is None for i in items)
    bg, en, txt = items
    # The page's own date wins; without one, the day it was crawled.
    assert bg.date == "2025-12-18" and en.date == "2025-12-20" and txt.date == "2025-12-20"
    assert "Мария Колесникова" in bg.text and "Maria Kolesnikova" in en.text
    assert txt.text == "Протестиращите в Минск поискаха оставката на Лукашенко."


@pytest.mark.parametrize("gzip, suffix", [(True, ".warc.gz"), (False, ".warc")])
@pytest.mark.parametrize("keep", [-300, -40])
def test_truncated_archive_keeps_documents_before_the_break(tmp_path, gzip, suffix, keep):
    whole = tmp_path / ("whole" + suffix)
    offsets = write_warc(whole, gzip)
    data = whole.read_bytes()
    cut = tmp_path / ("cut" + suffix)
    cut.write_bytes(data[:keep])
    items = list(read_path(cut))
    good = [i for i in items if i.error is None]
    bad = [i for i in items if i.error]
    assert [i.source for i in good] == ["http://127.0.0.1/bg/1", "http://127.0.0.1/en/2"]
    assert len(bad) == 1 and bad[0].source == str(cut)
    assert str(cut) in bad[0].error and f"byte {offsets[-1]}" in bad[0].error


@pytest.mark.parametrize(
    "data, message",
    [
        (b"this is not an archive\n" * 10, "not a WARC or ARC archive"),
        (b"\x1f\x8b\x08\x00garbage" * 5, "corrupt at byte 0"),
        (b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\nshort",
         "shorter than its Content-Length"),
    ],
)
def test_not_an_archive(tmp_path, data, message):
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(data)
    [item] = read_path(path)
    assert item.error and message in item.error and "junk.warc.gz" in item.error


def test_arc_file(tmp_path):
    """An ARC (version 1) file, the format before WARC, written by hand: read through warcio's conversion."""
    body = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + html(EN)
    desc = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    data = (
        b"filedesc://test.arc 0.0.0.0 20251220060000 text/plain %d\n" % len(desc) + desc + b"\n"
        + b"http://127.0.0.1/en/9 127.0.0.1 20251221060000 text/html %d\n" % len(body) + body + b"\n"
    )
    path = tmp_path / "old.arc"
    path.write_bytes(data)
    [item] = read_path(path)
    assert item.source == "http://127.0.0.1/en/9" and item.date == "2025-12-21" and "Maria Kolesnikova" in item.text


def test_uri_in_angle_brackets(tmp_path):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    record = writer.create_warc_record("http://127.0.0.1/x", "resource", payload=io.BytesIO(html(BG)),
                                       warc_content_type="text/html")
    record.rec_headers.replace_header("WARC-Target-URI", "<http://127.0.0.1/x>")
    writer.write_record(record)
    path = tmp_path / "r.warc"
    path.write_bytes(buf.getvalue())
    [item] = read_path(path)
    assert item.source == "http://127.0.0.1/x" and "Колесникова" in item.text
