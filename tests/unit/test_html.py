from __future__ import annotations

import pytest

from letopis.ingest.html import declared_charset, decode_declared, fragment_text, html_item
from letopis.ingest.readers import read_path

BG_BODY = (
    "<p>Беларуският президент Александър Лукашенко помилва 123 затворници, съобщи агенция Белта в събота.</p>"
    "<p>Сред освободените е опозиционната активистка Мария Колесникова, заяви говорителят на президента.</p>"
)
EN_BODY = (
    "<p>Belarusian President Alexander Lukashenko pardoned 123 prisoners on Saturday, the state agency said.</p>"
    "<p>Among those released was the opposition activist Maria Kolesnikova, a spokesman told reporters.</p>"
)


def page(body: str, head: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>Сайт | Новини</title>{head}</head>'
        '<body><nav><a href="/">Начало</a> <a href="/sport">Спорт</a></nav>'
        f"<article><h1>Лукашенко освободи затворници</h1>{body}</article>"
        "<footer>Всички права запазени. Бисквитки.</footer></body></html>"
    )


@pytest.mark.parametrize(
    "head, date",
    [
        ('<meta property="article:published_time" content="2025-12-18T23:30:00-05:00">', "2025-12-18"),
        ('<meta name="pubdate" content="2024-02-29">', "2024-02-29"),
        ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
         '{"@type": "NewsArticle", "datePublished": "2025-11-03T08:00:00Z"}]}</script>', "2025-11-03"),
        ('<script type="application/ld+json">{broken json</script>', None),
        ('<meta property="article:published_time" content="2025-13-45">', None),
        ('<meta name="date" content="18.12.2025 10:30">', "2025-12-18"),
        ('<meta name="pubdate" content="Thu, 18 Dec 2025 01:00:00 +0200">', "2025-12-18"),
        ('<meta name="date" content="вчера">', None),
        ("", None),
    ],
)
def test_date_from_markup(head, date):
    item = html_item(page(BG_BODY, head).encode(), "p.html")
    assert item.error is None and item.date == date


@pytest.mark.parametrize(
    "before, inside, date",
    [
        ("", '<p><time datetime="2025-06-01T10:00">1 юни</time></p>', "2025-06-01"),
        # A sidebar's <time> comes first in the page; the article's own wins.
        ('<aside><time datetime="2024-01-01">1 яну</time></aside>', '<p><time datetime="2025-06-01">1 юни</time></p>',
         "2025-06-01"),
        ('<aside><time datetime="2024-01-01">x</time></aside>', '<p><time pubdate datetime="2025-06-02">2 юни</time></p>',
         "2025-06-02"),
        ('<aside><time datetime="2024-01-01">x</time></aside>', '<span itemprop="datePublished">03.06.2025</span>',
         "2025-06-03"),
        ('<aside><time datetime="2024-01-01">x</time></aside>', "", "2024-01-01"),
    ],
)
def test_time_elements_give_date(before, inside, date):
    html = page(inside + BG_BODY).replace("<article>", before + "<article>")
    assert html_item(html.encode(), "p.html").date == date


def test_page_date_wins_over_fallback_and_fallback_used_without_one():
    head = '<meta property="article:published_time" content="2025-12-18">'
    assert html_item(page(BG_BODY, head).encode(), "p", date="2020-01-01").date == "2025-12-18"
    assert html_item(page(BG_BODY).encode(), "p", date="2020-01-01").date == "2020-01-01"


@pytest.mark.parametrize("body, lang_word", [(BG_BODY, "Колесникова"), (EN_BODY, "Kolesnikova")])
def test_main_text_without_boilerplate(tmp_path, body, lang_word):
    path = tmp_path / "a.html"
    path.write_text(page(body), encoding="utf-8")
    [item] = read_path(path)
    assert item.error is None
    assert lang_word in item.text and "Лукашенко" in item.title
    assert "Спорт" not in item.text and "Бисквитки" not in item.text


@pytest.mark.parametrize("declare", [True, False])
def test_windows_1251_page(tmp_path, declare):
    html = page(BG_BODY, charset="windows-1251") if declare else page(BG_BODY).replace('<meta charset="utf-8">', "")
    path = tmp_path / "cp1251.htm"
    path.write_bytes(html.encode("cp1251"))
    [item] = read_path(path)
    assert item.error is None and item.warning is None
    assert "Беларуският президент Александър Лукашенко" in item.text
    assert item.title == "Лукашенко освободи затворници"


def test_declared_charset_used_for_latin_text():
    # Windows-1250 (Czech) bytes look like neither UTF-8 nor Cyrillic: only the declaration says what they are.
    html = (
        '<html><head><meta charset="windows-1250"><title>Zprávy</title></head><body><article>'
        "<p>Prezident Lukašenko omilostnil vězně, řekl mluvčí. Žádný další komentář nebyl.</p></article></body></html>"
    )
    item = html_item(html.encode("cp1250"), "cz.html")
    assert "Lukašenko omilostnil vězně" in item.text


@pytest.mark.parametrize(
    "data, charset",
    [
        (b'<meta charset="windows-1251">', "cp1251"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">', "koi8-r"),
        (b'<?xml version="1.0" encoding="ISO-8859-2"?><html>', "iso8859-2"),
        (b'<meta charset="no-such-codec">', None),
        (b"<html><head></head>", None),
    ],
)
def test_declared_charset(data, charset):
    assert declared_charset(data) == charset


def test_valid_utf8_wins_over_wrong_declaration():
    text, warning = decode_declared('<meta charset="windows-1251"><p>Здравей</p>'.encode(), "x", None)
    assert "Здравей" in text and warning is None


def test_fallback_extractor_when_trafilatura_finds_nothing():
    # A page of list items only: too little for trafilatura with favor_precision, still text for us.
    html = "<html><body><ul><li>Лукашенко помилва 123 затворници.</li><li>Колесникова е свободна.</li></ul></body></html>"
    item = html_item(html.encode(), "list.html")
    assert item.error is None and "Колесникова е свободна." in item.text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"<html><head><title>T</title></head><body><script>var x=1;</script></body></html>", "no text"),
    ],
)
def test_bad_pages_are_error_items(data, message):
    item = html_item(data, "bad.html")
    assert item.error and message in item.error and "bad.html" in item.error


@pytest.mark.parametrize(
    "fragment, text",
    [
        ("Plain <b>bold</b> text", "Plain bold text"),
        ("<p>Първи.</p><p>Втори.</p>", "Първи.\n\nВтори."),
        ("no tags at all", "no tags at all"),
    ],
)
def test_fragment_text(fragment, text):
    assert fragment_text(fragment) == text


def test_server_saying_utf8_for_cp1251_bytes_yields_to_the_page():
    data = ('<meta charset="windows-1251"><p>Здравей, свят</p>').encode("cp1251")
    text, warning = decode_declared(data, "x", "utf-8")
    assert "Здравей, свят" in text and warning is None


def test_headline_is_a_paragraph_of_its_own():
    item = html_item(page(BG_BODY).encode(), "p.html")
    assert item.text.startswith("Лукашенко освободи затворници\n\nБеларуският президент")
